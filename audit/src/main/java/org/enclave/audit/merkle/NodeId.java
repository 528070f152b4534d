package org.enclave.audit.merkle;

/**
 * Address of a perfect subtree of the log: the node at {@code (level, index)} is the root of the
 * complete subtree over the {@code 2^level} leaves {@code [index * 2^level, (index + 1) *
 * 2^level)}. Level 0 holds the leaf hashes themselves.
 *
 * <p>Such a node never changes once its last leaf is appended, which is what makes it safe to
 * store. Roots and proofs of any tree size are composed from these nodes alone.
 *
 * @param level height of the subtree, 0 to 62
 * @param index position of the subtree among those of its level, from the left
 */
public record NodeId(int level, long index) implements Comparable<NodeId> {

  /** Highest level a tree of at most {@link Long#MAX_VALUE} leaves can complete. */
  public static final int MAX_LEVEL = 62;

  public NodeId {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("level " + level + " is outside 0.." + MAX_LEVEL);
    }
    if (index < 0 || index >= Long.MAX_VALUE >>> level) {
      throw new IllegalArgumentException(
          "index " + index + " is outside the tree at level " + level);
    }
  }

  /** The node holding the hash of the leaf at {@code index}. */
  public static NodeId leaf(long index) {
    return new NodeId(0, index);
  }

  /** Index of the first leaf under this node. */
  public long firstLeaf() {
    return index << level;
  }

  /** Index just past the last leaf under this node: the tree size that completes it. */
  public long endLeaf() {
    return (index + 1) << level;
  }

  /** Orders by level, then from left to right. */
  @Override
  public int compareTo(NodeId other) {
    int byLevel = Integer.compare(level, other.level);
    return byLevel != 0 ? byLevel : Long.compare(index, other.index);
  }

  @Override
  public String toString() {
    return "(" + level + ", " + index + ")";
  }
}
