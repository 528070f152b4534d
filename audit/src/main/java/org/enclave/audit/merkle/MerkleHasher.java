package org.enclave.audit.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 §2.1 hashes over SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an interior node
 * {@code SHA-256(0x01 || left || right)}, and the empty tree {@code SHA-256()}.
 *
 * <p>The static methods use one digest per thread. An instance owns its digest and is not
 * thread-safe; the {@code ...Into} methods write into a caller's 32-byte array, so hot loops
 * allocate nothing. The output array may be one of the inputs.
 */
public final class MerkleHasher {

  /** Length in bytes of every hash in the tree. */
  public static final int HASH_LENGTH = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final byte[] EMPTY_ROOT = new MerkleHasher().sha256.digest();
  private static final ThreadLocal<MerkleHasher> PER_THREAD =
      ThreadLocal.withInitial(MerkleHasher::new);

  private final MessageDigest sha256;

  /** Creates a hasher with its own digest, for use by one thread. */
  public MerkleHasher() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** The hasher of the calling thread. */
  public static MerkleHasher perThread() {
    return PER_THREAD.get();
  }

  /** {@code SHA-256(0x00 || data)}, the hash of one log entry. */
  public static byte[] leafHash(byte[] data) {
    return PER_THREAD.get().hashLeaf(data);
  }

  /** {@code SHA-256(0x01 || left || right)}, the hash of an interior node. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    return PER_THREAD.get().hashChildren(left, right);
  }

  /** {@code SHA-256()}, the root of the tree with no entries. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** Whether {@code hash} is the root of the empty tree; compares in constant time. */
  public static boolean isEmptyRoot(byte[] hash) {
    return MessageDigest.isEqual(EMPTY_ROOT, hash);
  }

  /** {@code SHA-256(0x00 || data)}. */
  public byte[] hashLeaf(byte[] data) {
    byte[] out = new byte[HASH_LENGTH];
    hashLeafInto(data, 0, data.length, out);
    return out;
  }

  /** {@code SHA-256(0x00 || data[offset, offset + length))}, written into {@code out}. */
  public void hashLeafInto(byte[] data, int offset, int length, byte[] out) {
    requireOutput(out);
    sha256.update(LEAF_PREFIX);
    sha256.update(data, offset, length);
    finish(out);
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public byte[] hashChildren(byte[] left, byte[] right) {
    byte[] out = new byte[HASH_LENGTH];
    hashChildrenInto(left, right, out);
    return out;
  }

  /**
   * {@code SHA-256(0x01 || left || right)}, written into {@code out}, which may be {@code left} or
   * {@code right}.
   */
  public void hashChildrenInto(byte[] left, byte[] right, byte[] out) {
    requireOutput(out);
    sha256.update(NODE_PREFIX);
    sha256.update(left);
    sha256.update(right);
    finish(out);
  }

  private static void requireOutput(byte[] out) {
    if (out.length != HASH_LENGTH) {
      throw new IllegalArgumentException(
          "output array holds " + out.length + " bytes, not " + HASH_LENGTH);
    }
  }

  private void finish(byte[] out) {
    try {
      sha256.digest(out, 0, HASH_LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output array", e);
    }
  }
}
