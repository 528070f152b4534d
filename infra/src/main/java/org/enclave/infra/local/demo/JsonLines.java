package org.enclave.infra.local.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes posts as JSON Lines (RFC 8259 objects, one per {@code \n}-terminated line, UTF-8). */
final class JsonLines {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonLines() {}

  /** The posts, one JSON object per line, in the order given. */
  static byte[] posts(List<SyntheticPost> posts) {
    StringBuilder out = new StringBuilder(posts.size() * 512);
    for (SyntheticPost post : posts) {
      appendPost(out, post);
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One post as a JSON object, with the fields in a fixed order. */
  static String post(SyntheticPost post) {
    StringBuilder out = new StringBuilder(512);
    appendPost(out, post);
    return out.toString();
  }

  private static void appendPost(StringBuilder out, SyntheticPost post) {
    out.append('{');
    stringField(out, "post_id", post.postId()).append(',');
    stringField(out, "user_id", post.userId()).append(',');
    stringField(out, "subreddit", post.subreddit()).append(',');
    quote(out, "timestamp").append(':').append(post.timestamp()).append(',');
    stringField(out, "created_utc", post.createdUtc()).append(',');
    stringField(out, "title", post.title()).append(',');
    stringField(out, "body", post.body());
    out.append('}');
  }

  private static StringBuilder stringField(StringBuilder out, String name, String value) {
    quote(out, name).append(':');
    return quote(out, value);
  }

  /**
   * Appends {@code value} as a JSON string. Quotes, backslashes and control characters are escaped,
   * and so are U+2028, U+2029 and unpaired surrogates, so the output is valid UTF-8 that JavaScript
   * parsers also accept.
   */
  static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
