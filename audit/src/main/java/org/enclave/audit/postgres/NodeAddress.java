package org.enclave.audit.postgres;

/**
 * A complete subtree of the log: level 0 is a leaf, and the node at ({@code level}, {@code index})
 * covers leaves {@code [index * 2^level, (index + 1) * 2^level)}.
 */
public record NodeAddress(int level, long index) {
  public NodeAddress {
    if (level < 0 || level > 63 || index < 0) {
      throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
    }
  }
}
