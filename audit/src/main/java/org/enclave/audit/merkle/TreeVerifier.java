package org.enclave.audit.merkle;

/**
 * Recomputes the root of a log from its entries, streamed in order: O(n) time, O(log n) memory, and
 * no allocation per entry. The verifier CLI feeds it a dump or pages from the API and compares
 * {@link #root()} with each signed checkpoint as {@link #size()} reaches the checkpoint's size. Not
 * thread-safe.
 */
public final class TreeVerifier {

  private final MerkleHasher hasher = new MerkleHasher();
  private final CompactRange range = new CompactRange();
  private final byte[] leafHash = new byte[MerkleHasher.HASH_LENGTH];

  /** Appends one entry, as the bytes that were logged (hashed here with the 0x00 prefix). */
  public void append(byte[] entry) {
    append(entry, 0, entry.length);
  }

  /** Appends one entry held in {@code buffer[offset, offset + length)}. */
  public void append(byte[] buffer, int offset, int length) {
    hasher.hashLeafInto(buffer, offset, length, leafHash);
    range.append(leafHash);
  }

  /** Appends one entry by its leaf hash. */
  public void appendLeafHash(byte[] hash) {
    range.append(hash);
  }

  /** Number of entries appended. */
  public long size() {
    return range.size();
  }

  /** The root of the tree of all entries appended so far. */
  public byte[] root() {
    return range.root();
  }
}
