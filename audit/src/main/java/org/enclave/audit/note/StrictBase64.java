package org.enclave.audit.note;

import java.util.Base64;
import java.util.Optional;

/**
 * Standard base64 (RFC 4648 section 4) accepted only in its canonical form: padded, no line breaks,
 * no stray bits. The JDK decoder alone accepts missing padding and non-zero trailing bits, which
 * would give one key or signature several spellings.
 */
final class StrictBase64 {
  private StrictBase64() {}

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Optional<byte[]> decode(String text) {
    if (text.isEmpty() || text.length() % 4 != 0) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
  }
}
