package org.enclave.audit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {

  private static Object parse(String json) {
    return CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheValueModel() {
    Object value =
        parse(
            " {\"a\" : [1, -0, 1.5, 1e2, 9007199254740992, 9007199254740993, true, false, null],"
                + "\t\"b\":{\"c\":\"\\u00e9\\/\\ud83d\\ude02\"}}\r\n");

    assertThat(value)
        .isEqualTo(
            Map.of(
                "a",
                Arrays.asList(
                    1L, 0L, 1.5, 100.0, 9007199254740992L, 9007199254740992.0, true, false, null),
                "b",
                Map.of("c", "é/😂")));
  }

  @Test
  void keepsMemberOrderAndReturnsUnmodifiableValues() {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) parse("{\"b\":1,\"a\":[2]}");

    assertThat(map.keySet()).containsExactly("b", "a");
    assertThatThrownBy(() -> map.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) map.get("a")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":1,\"a\":2}",
        "01",
        "-",
        "1.",
        ".5",
        "+1",
        "1e",
        "1e+",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        "tru",
        "nul",
        "True",
        "{} x",
        "{}{}",
        "\"abc",
        "\"a\tb\"",
        "\"a\nb\"",
        "\"\\x41\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\ud800\"",
        "\"\\ude02\\ud83d\"",
        "\"\\U00e9\"",
        "\ufeff{}",
        "[1]\u00a0",
        "\u000b1"
      })
  void refusesWhatIsNotStrictJson(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonException.class);
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] overlongSlash = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
    byte[] encodedSurrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};

    assertThatThrownBy(() -> CanonicalJson.parse(overlongSlash))
        .isInstanceOf(JsonException.class)
        .hasMessage("JSON is not valid UTF-8");
    assertThatThrownBy(() -> CanonicalJson.parse(encodedSurrogate))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void namesTheOffsetOfTheProblem() {
    assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(JsonException.class)
        .hasMessage("duplicate member name at character 7");
  }

  @Test
  void refusesExcessiveNesting() {
    String deep = "[".repeat(CanonicalJson.MAX_DEPTH + 1) + "]".repeat(CanonicalJson.MAX_DEPTH + 1);
    String ok = "[".repeat(CanonicalJson.MAX_DEPTH) + "]".repeat(CanonicalJson.MAX_DEPTH);

    assertThatThrownBy(() -> parse(deep))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("deeper than");
    assertThat(CanonicalJson.toJson(parse(ok))).isEqualTo(ok);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ }",
        "{\"b\":1,\"a\":2}",
        "1.0",
        "1E3",
        "-0",
        "\"\\u00e9\"",
        "\"\\/\"",
        "\"\\u001F\"",
        "[1, 2]",
        "{\"a\":1}\n"
      })
  void parseCanonicalRefusesEverySpellingButTheCanonicalOne(String json) {
    assertThatThrownBy(() -> CanonicalJson.parseCanonical(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonException.class)
        .hasMessage("JSON is not in RFC 8785 canonical form");
  }

  @Test
  void parseCanonicalAcceptsCanonicalJson() {
    String json = "{\"a\":[1,1.5,\"\\u001f\\né\"],\"b\":null}";

    assertThat(CanonicalJson.parseCanonical(json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(parse(json));
  }
}
