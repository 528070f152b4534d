package org.enclave.audit.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme, RFC 8785 (JCS): one byte sequence per logical JSON value, so
 * that the same value always hashes and signs the same.
 *
 * <p>The value model is plain Java:
 *
 * <ul>
 *   <li>{@link Map} with {@link String} keys: a JSON object, written with its members sorted by the
 *       UTF-16 code units of their names (insertion order never matters);
 *   <li>{@link List}: a JSON array, in list order;
 *   <li>{@link String}: escaped as RFC 8785 section 3.2.2.2 says: {@code \b \t \n \f \r \" \\},
 *       other characters below U+0020 as <code>&#92;u00XX</code> in lowercase hex, everything else
 *       as literal UTF-8; an unpaired surrogate is refused;
 *   <li>{@link Integer}, {@link Long}, {@link Short}, {@link Byte}: integers within ±2^53, written
 *       plainly; larger ones are refused because a JSON number is an IEEE 754 double and they would
 *       silently change;
 *   <li>{@link Double}: written as ECMAScript's {@code Number.prototype.toString()} writes it
 *       (shortest round-trip digits; see {@link EcmaScriptNumbers}); NaN and infinities are
 *       refused; -0 is written as {@code 0};
 *   <li>{@link Boolean} and {@code null}.
 * </ul>
 *
 * Anything else ({@code Float}, {@code BigDecimal}, sets, arrays...) is refused rather than guessed
 * at. Nesting is limited to {@value #MAX_DEPTH} levels. The writer emits no whitespace.
 */
public final class CanonicalJson {

  /** Deepest nesting of objects and arrays written or parsed. */
  public static final int MAX_DEPTH = 256;

  private static final long MAX_EXACT_INTEGER = 1L << 53;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /**
   * The canonical UTF-8 bytes of {@code value}.
   *
   * @throws JsonException if the value, or anything inside it, is outside the value model
   */
  public static byte[] encode(Object value) {
    return toJson(value).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical JSON text of {@code value}; see {@link #encode(Object)}. */
  public static String toJson(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.toString();
  }

  /**
   * Parses strict JSON (RFC 8259, I-JSON rules): valid UTF-8 without a byte order mark, no
   * duplicate member names, no unpaired surrogates, numbers within double range. Objects become
   * insertion-ordered unmodifiable maps, arrays unmodifiable lists, integers within ±2^53 without
   * fraction or exponent become {@link Long}, other numbers {@link Double}.
   *
   * @throws JsonException with the offset of the first problem
   */
  public static Object parse(byte[] json) {
    return JsonParser.parse(json);
  }

  /**
   * Parses JSON that must already be in canonical form: the bytes must be exactly what {@link
   * #encode(Object)} writes for the parsed value. Use this for data whose hash matters.
   *
   * @throws JsonException if the text is not JSON or not canonical
   */
  public static Object parseCanonical(byte[] json) {
    Object value = parse(json);
    if (!Arrays.equals(encode(value), json)) {
      throw new JsonException("JSON is not in RFC 8785 canonical form");
    }
    return value;
  }

  private static void write(Object value, StringBuilder out, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      long n = ((Number) value).longValue();
      if (n > MAX_EXACT_INTEGER || n < -MAX_EXACT_INTEGER) {
        throw new JsonException(
            "integer " + n + " is outside ±2^53 and not exact as a JSON number");
      }
      out.append(n);
    } else if (value instanceof Double d) {
      out.append(EcmaScriptNumbers.format(d));
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out, enter(depth));
    } else if (value instanceof List<?> list) {
      out.append('[');
      int next = enter(depth);
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out, next);
      }
      out.append(']');
    } else {
      throw new JsonException("cannot write " + value.getClass().getName() + " as canonical JSON");
    }
  }

  private static int enter(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new JsonException("JSON nests deeper than " + MAX_DEPTH + " levels");
    }
    return depth + 1;
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
    List<String> names = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String name)) {
        throw new JsonException("JSON member names must be strings, got " + key);
      }
      names.add(name);
    }
    names.sort(null); // String.compareTo orders by UTF-16 code units, as RFC 8785 requires
    out.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(names.get(i), out);
      out.append(':');
      write(map.get(names.get(i)), out, depth);
    }
    out.append('}');
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new JsonException(
                String.format("string has an unpaired surrogate U+%04X at index %d", (int) c, i));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
