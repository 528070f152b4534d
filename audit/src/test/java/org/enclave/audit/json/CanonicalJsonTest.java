package org.enclave.audit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  private static String canonical(String json) {
    return CanonicalJson.toJson(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  // Input and output pairs of the RFC 8785 reference test data (cyberphone/json-canonicalization,
  // testdata/input and testdata/output).

  @Test
  void canonicalizesReferenceValues() {
    String input =
        "{\n  \"numbers\": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"escaping\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";

    assertThat(canonical(input))
        .isEqualTo(
            "{\"escaping\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\",\"literals\":[null,true,false],"
                + "\"numbers\":[1e+30,4.5,333333333.3333333,0.002,1e-27]}");
  }

  @Test
  void canonicalizesReferenceStructures() {
    String input =
        "{\n  \"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56.0},\n  \"10\": { },\n"
            + "  \"\": \"empty\",\n  \"a\": { },\n  \"111\": [ { } ],\n  \"A\": { }\n}";

    assertThat(canonical(input))
        .isEqualTo(
            "{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{}],"
                + "\"A\":{},\"a\":{}}");
  }

  @Test
  void canonicalizesReferenceArrays() {
    String input = "[\n  56,\n  {\n    \"d\": true,\n    \"10\": null,\n    \"1\": [ ]\n  }\n]";

    assertThat(canonical(input)).isEqualTo("[56,{\"1\":[],\"10\":null,\"d\":true}]");
  }

  @Test
  void sortsIgnoringLocaleAsReferenceFrenchDataShows() {
    String input =
        "{\n  \"peach\": \"This sorting order\",\n  \"péché\": \"is wrong according to French\",\n"
            + "  \"pêche\": \"but canonicalization MUST\",\n  \"sin\":   \"ingnore locale\"\n}\n";

    assertThat(canonical(input))
        .isEqualTo(
            "{\"peach\":\"This sorting order\",\"péché\":\"is wrong according to French\","
                + "\"pêche\":\"but canonicalization MUST\",\"sin\":\"ingnore locale\"}");
  }

  @Test
  void leavesUnicodeUnnormalizedAsReferenceDataShows() {
    assertThat(canonical("{\n  \"Unnormalized Unicode\":\"\\u1e0d\\u0307\"\n}\n"))
        .isEqualTo("{\"Unnormalized Unicode\":\"\u1e0d\u0307\"}");
  }

  @Test
  void canonicalizesReferenceWeirdMemberNames() {
    String input =
        "{\n  \"\\u20ac\": \"Euro Sign\",\n  \"1\": \"One\",\n  \"\\u0080\": \"Control\\u007f\",\n"
            + "  \"\\ud83d\\ude02\": \"Smiley\",\n"
            + "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\",\n"
            + "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
            + "  \"</script>\": \"Browser Challenge\"\n}\n";

    assertThat(canonical(input))
        .isEqualTo(
            "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\ud83d\ude02\":\"Smiley\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void sortsMemberNamesByUtf16CodeUnitsAsInRfc8785Section323() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("\u20ac", "Euro Sign");
    map.put("\r", "Carriage Return");
    map.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    map.put("1", "One");
    map.put("\ud83d\ude00", "Emoji: Grinning Face");
    map.put("\u0080", "Control");
    map.put("\u00f6", "Latin Small Letter O With Diaeresis");

    assertThat(CanonicalJson.toJson(map))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void sortsSupplementaryCharactersBeforeHighBmpCharactersNotByCodePoint() {
    Map<String, Object> map = new TreeMap<>(Map.of("\uffff", 1, "\ud83d\ude02", 2));

    assertThat(CanonicalJson.toJson(map)).isEqualTo("{\"\ud83d\ude02\":2,\"\uffff\":1}");
  }

  @Test
  void escapesOnlyWhatRfc8785Escapes() {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }

    assertThat(CanonicalJson.toJson(controls.toString()))
        .isEqualTo(
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
                + "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
    assertThat(CanonicalJson.toJson("\"\\/\u007f\u2028\u2029<>&'é😂"))
        .isEqualTo("\"\\\"\\\\/\u007f\u2028\u2029<>&'é😂\"");
    assertThat(CanonicalJson.encode("é😂"))
        .isEqualTo(
            new byte[] {
              '"', (byte) 0xc3, (byte) 0xa9, (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x82, '"'
            });
  }

  @Test
  void writesIntegersPlainlyWithinPlusMinusTwoToThe53() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("int", Integer.MIN_VALUE);
    map.put("long", 9007199254740992L);
    map.put("neg", -9007199254740992L);
    map.put("short", (short) 7);
    map.put("byte", (byte) -1);

    assertThat(CanonicalJson.toJson(map))
        .isEqualTo(
            "{\"byte\":-1,\"int\":-2147483648,\"long\":9007199254740992,"
                + "\"neg\":-9007199254740992,\"short\":7}");
  }

  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void writesRfc8785AppendixBNumbers(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

    assertThat(CanonicalJson.toJson(value)).isEqualTo(expected);
  }

  @Test
  void writesDoublesExactlyAsEcmaScriptDoes() throws Exception {
    List<String> lines;
    try (var in = getClass().getResourceAsStream("ecmascript-numbers.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    int checked = 0;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
      assertThat(CanonicalJson.toJson(value)).as(parts[0]).isEqualTo(parts[1]);
      checked++;
    }
    assertThat(checked).isGreaterThan(6000);
  }

  @Test
  void writtenDoublesReadBackAsTheSameDouble() {
    Random random = new Random(8785);
    for (int i = 0; i < 20_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      String json = CanonicalJson.toJson(value);
      assertThat(Double.parseDouble(json)).as(json).isEqualTo(value == 0 ? 0.0 : value);
    }
  }

  @Test
  void refusesValuesOutsideTheModel() {
    assertThatThrownBy(() -> CanonicalJson.toJson(Double.NaN)).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> CanonicalJson.toJson(Double.POSITIVE_INFINITY))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> CanonicalJson.toJson(9007199254740993L))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("2^53");
    assertThatThrownBy(() -> CanonicalJson.toJson(1.5f))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("java.lang.Float");
    assertThatThrownBy(() -> CanonicalJson.toJson(BigDecimal.ONE))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> CanonicalJson.toJson(java.util.Set.of("a")))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> CanonicalJson.toJson(Map.of(1, "a")))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("member names must be strings");
    assertThatThrownBy(() -> CanonicalJson.toJson("a\ud800b"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> CanonicalJson.toJson("\ude02\ud83d"))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> CanonicalJson.toJson(Map.of("\ud800", 1)))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void refusesSelfReferenceAndExcessiveNesting() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    Object deep = List.of();
    for (int i = 0; i < CanonicalJson.MAX_DEPTH; i++) {
      deep = List.of(deep);
    }
    Object finalDeep = deep;

    assertThatThrownBy(() -> CanonicalJson.toJson(loop))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("deeper than");
    assertThatThrownBy(() -> CanonicalJson.toJson(finalDeep)).isInstanceOf(JsonException.class);
  }

  @Test
  void sameValueInAnyInsertionOrderGivesIdenticalBytes() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      long seed = random.nextLong();
      Object value = RandomJson.value(new Random(seed), 0);
      Object reordered = RandomJson.reorder(value, new Random(seed + 1));

      byte[] bytes = CanonicalJson.encode(value);

      assertThat(CanonicalJson.encode(reordered)).isEqualTo(bytes);
      assertThat(CanonicalJson.encode(CanonicalJson.parseCanonical(bytes))).isEqualTo(bytes);
    }
  }

  /** Random values of the model, and the same value rebuilt with other member orders. */
  static final class RandomJson {
    private RandomJson() {}

    static Object value(Random r, int depth) {
      int kind = r.nextInt(depth > 3 ? 6 : 8);
      return switch (kind) {
        case 0 -> null;
        case 1 -> r.nextBoolean();
        case 2 -> r.nextLong() % (1L << 53);
        case 3 -> string(r);
        case 4 -> r.nextInt();
        case 5 -> r.nextBoolean() ? r.nextDouble() * Math.pow(10, r.nextInt(60) - 30) : 0.5;
        case 6 -> {
          Map<String, Object> map = new LinkedHashMap<>();
          int n = r.nextInt(6);
          for (int i = 0; i < n; i++) {
            map.put(string(r), value(r, depth + 1));
          }
          yield map;
        }
        default -> {
          List<Object> list = new ArrayList<>();
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            list.add(value(r, depth + 1));
          }
          yield list;
        }
      };
    }

    static String string(Random r) {
      String alphabet = "aAbZ09 _\"\\\n\t\u0000\u001f\u007féö€\ufb33\uffff";
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(6);
      for (int i = 0; i < n; i++) {
        if (r.nextInt(8) == 0) {
          s.append("\ud83d\ude02");
        } else {
          s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      return s.toString();
    }

    static Object reorder(Object value, Random r) {
      if (value instanceof Map<?, ?> map) {
        List<Object> keys = new ArrayList<>(map.keySet());
        Collections.shuffle(keys, r);
        Map<Object, Object> copy =
            r.nextBoolean() ? new LinkedHashMap<>() : new java.util.HashMap<>();
        for (Object key : keys) {
          copy.put(key, reorder(map.get(key), r));
        }
        return copy;
      }
      if (value instanceof List<?> list) {
        List<Object> copy = new ArrayList<>();
        for (Object item : list) {
          copy.add(reorder(item, r));
        }
        return copy;
      }
      return value;
    }
  }
}
