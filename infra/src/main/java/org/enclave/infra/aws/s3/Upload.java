package org.enclave.infra.aws.s3;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.enclave.infra.storage.ObjectTooLargeException;

/**
 * The content of one upload, read a part at a time into one reused buffer, with the running SHA-256
 * of everything read and the byte limit enforced as bytes arrive.
 */
final class Upload {
  private final PushbackInputStream in;
  private final long maxBytes;
  private final byte[] buffer;
  private final MessageDigest whole = sha256();
  private long total;
  private byte[] digest;

  Upload(PushbackInputStream in, long maxBytes, int partSize) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.buffer = new byte[partSize];
  }

  /**
   * Reads into the buffer until it is full or the content ends, adding the bytes to the digest.
   *
   * @return how many bytes the buffer now holds; 0 at the end of the content
   * @throws ObjectTooLargeException once more than the limit has been read
   */
  int fill() throws IOException {
    int n = 0;
    while (n < buffer.length) {
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        break;
      }
      n += r;
      total += r;
      if (total > maxBytes) {
        throw new ObjectTooLargeException(maxBytes);
      }
    }
    whole.update(buffer, 0, n);
    return n;
  }

  /** Whether the content has ended, without consuming anything. */
  boolean atEnd() throws IOException {
    int b = in.read();
    if (b < 0) {
      return true;
    }
    in.unread(b);
    return false;
  }

  byte[] buffer() {
    return buffer;
  }

  /** Base64 SHA-256 of the first {@code n} buffered bytes, as S3 wants a part checksum. */
  String partBase64(int n) {
    MessageDigest part = sha256();
    part.update(buffer, 0, n);
    return Base64.getEncoder().encodeToString(part.digest());
  }

  /** Lowercase hex SHA-256 of all content read; call once the content has ended. */
  String hex() {
    return HexFormat.of().formatHex(digest());
  }

  /** Base64 SHA-256 of all content read, as S3 wants an object checksum. */
  String base64() {
    return Base64.getEncoder().encodeToString(digest());
  }

  private byte[] digest() {
    if (digest == null) {
      digest = whole.digest();
    }
    return digest;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
