package org.enclave.audit.verify;

/**
 * One object of a log dump, or of an API response page: an entry, a subtree hash or a checkpoint.
 */
public sealed interface DumpRecord
    permits DumpRecord.Entry, DumpRecord.Node, DumpRecord.SignedCheckpoint {

  /**
   * A log entry.
   *
   * @param index position in the log, from 0
   * @param data the logged bytes (the leaf data)
   * @param leafHash the stored RFC 9162 leaf hash, or {@code null} if the source did not give one
   */
  record Entry(long index, byte[] data, byte[] leafHash) implements DumpRecord {}

  /**
   * A stored hash of a complete subtree: the node over leaves {@code [index * 2^level, (index + 1)
   * * 2^level)}.
   *
   * @param level height of the subtree, 1 or more (level 0 is the leaf hash of an entry)
   * @param index position of the subtree among those of its level
   * @param hash the stored 32-byte hash
   */
  record Node(int level, long index, byte[] hash) implements DumpRecord {}

  /**
   * A checkpoint as the log stored it.
   *
   * @param size the tree size the log stored the checkpoint under
   * @param note the signed note text (checkpoint body, blank line, signature lines)
   */
  record SignedCheckpoint(long size, String note) implements DumpRecord {}
}
