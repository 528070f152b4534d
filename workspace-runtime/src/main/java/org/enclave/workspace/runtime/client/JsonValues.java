package org.enclave.workspace.runtime.client;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) into plain Java values: objects are {@link LinkedHashMap}s in document
 * order, arrays {@link ArrayList}s, integers {@link Long} (or {@link BigInteger} when larger),
 * other numbers {@link Double}, and {@code true}, {@code false}, {@code null}, strings as such.
 * Duplicate names in an object are refused rather than silently overwritten.
 */
public final class JsonValues {
  private JsonValues() {}

  /** Parses one JSON text that must be an object. */
  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  public static Map<String, Object> parseObject(String text) throws JsonException {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new JsonException("expected a JSON object, found " + kind(v));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    return map;
  }

  /** Parses one JSON text: exactly one value, nothing after it but blanks. */
  public static Object parse(String text) throws JsonException {
    JsonReader r = new JsonReader(new StringReader(text));
    r.setStrictness(Strictness.STRICT);
    try {
      Object v = read(r);
      boolean trailing;
      try {
        trailing = r.peek() != JsonToken.END_DOCUMENT;
      } catch (IOException e) {
        trailing = true; // a second value: strict mode refuses to even look at it
      }
      if (trailing) {
        throw new JsonException("unexpected text after the JSON value" + location(r));
      }
      return v;
    } catch (JsonException e) {
      throw e;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new JsonException(clean(e.getMessage()));
    }
  }

  private static Object read(JsonReader r) throws IOException, JsonException {
    switch (r.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
          String name = r.nextName();
          if (map.containsKey(name)) {
            throw new JsonException("duplicate name \"" + name + "\"" + location(r));
          }
          map.put(name, read(r));
        }
        r.endObject();
        return map;
      }
      case BEGIN_ARRAY -> {
        List<Object> list = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
          list.add(read(r));
        }
        r.endArray();
        return list;
      }
      case STRING -> {
        return r.nextString();
      }
      case NUMBER -> {
        return number(r.nextString());
      }
      case BOOLEAN -> {
        return r.nextBoolean();
      }
      case NULL -> {
        r.nextNull();
        return null;
      }
      default -> throw new JsonException("expected a JSON value" + location(r));
    }
  }

  private static Object number(String literal) {
    if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
      BigInteger big = new BigInteger(literal);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    return Double.parseDouble(literal);
  }

  private static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }

  /** gson says "at line 1 column N path $.x"; a single line needs only the column. */
  private static String location(JsonReader r) {
    return " " + clean(r.toString().replaceFirst("^JsonReader", ""));
  }

  private static String clean(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    String m = message;
    int see = m.indexOf("\nSee ");
    if (see >= 0) {
      m = m.substring(0, see);
    }
    return m.replace("at line 1 column", "at column").strip();
  }

  /** A JSON text that is not what was expected. */
  public static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
      super(message);
    }
  }
}
