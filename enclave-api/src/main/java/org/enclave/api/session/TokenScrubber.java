package org.enclave.api.session;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Removes every occurrence of the Jupyter token from a byte stream that arrives in chunks, so that
 * the browser never sees it (notebook 6 writes it into every page). Holds back at most the token's
 * length minus one bytes between chunks, never the whole body.
 */
final class TokenScrubber {
  private final byte[] token;
  private byte[] carry = new byte[0];

  TokenScrubber(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("no token to scrub");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes of {@code chunk} that can be sent now. */
  Buffer apply(Buffer chunk) {
    byte[] data = concat(carry, chunk.getBytes());
    Buffer out = Buffer.buffer(data.length);
    int i = 0;
    int keepFrom = Math.max(0, data.length - (token.length - 1));
    while (i < data.length) {
      if (matchesAt(data, i)) {
        i += token.length;
        continue;
      }
      if (i >= keepFrom && isPrefixAt(data, i)) {
        break; // might be the start of a token that the next chunk completes
      }
      out.appendByte(data[i]);
      i++;
    }
    carry = Arrays.copyOfRange(data, i, data.length);
    return out;
  }

  /** What is held back, at the end of the stream. */
  Buffer finish() {
    Buffer out = Buffer.buffer(carry);
    carry = new byte[0];
    return out;
  }

  /** Removes the token from a complete text. */
  static String scrub(String text, String token) {
    return text.replace(token, "");
  }

  private boolean matchesAt(byte[] data, int at) {
    if (data.length - at < token.length) {
      return false;
    }
    for (int j = 0; j < token.length; j++) {
      if (data[at + j] != token[j]) {
        return false;
      }
    }
    return true;
  }

  private boolean isPrefixAt(byte[] data, int at) {
    for (int j = 0; at + j < data.length; j++) {
      if (data[at + j] != token[j]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
