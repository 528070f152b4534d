package org.enclave.audit.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The right edge of a growing tree: the hashes of the perfect subtrees that the tree's size
 * decomposes into, one per set bit of the size, largest (leftmost) first. For 11 leaves these are
 * the nodes over leaves [0, 8), [8, 10) and [10, 11).
 *
 * <p>This is all an appender or a verifier needs to remember: at most 63 hashes, whatever the size.
 * Appending a leaf merges equal-sized subtrees like a binary counter carries, so each append costs
 * O(1) hashes amortized and reports every subtree it completes. The root folds the edge from the
 * right in O(log n). Not thread-safe.
 */
public final class CompactRange {

  private static final int HASH = MerkleHasher.HASH_LENGTH;

  private final MerkleHasher hasher = new MerkleHasher();
  private final byte[][] edge = new byte[64][];
  private int height;
  private long size;
  private byte[] scratch = new byte[HASH];

  /** The range of the empty tree. */
  public CompactRange() {}

  /**
   * The range of a tree of {@code size} leaves, from the stored hashes of {@link #edgeIds(long)},
   * in that order.
   *
   * @throws IllegalArgumentException if the number or length of the hashes is wrong
   */
  public static CompactRange of(long size, List<byte[]> edgeHashes) {
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    if (edgeHashes.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(
          "a tree of size "
              + size
              + " has "
              + Long.bitCount(size)
              + " edge hashes, not "
              + edgeHashes.size());
    }
    CompactRange range = new CompactRange();
    for (byte[] hash : edgeHashes) {
      requireHash(hash);
      range.edge[range.height++] = hash.clone();
    }
    range.size = size;
    return range;
  }

  /**
   * The perfect subtrees a tree of {@code size} leaves decomposes into, largest first: one per set
   * bit {@code b} of the size, {@code (b, (size >>> b) - 1)}.
   */
  public static List<NodeId> edgeIds(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    List<NodeId> ids = new ArrayList<>(Long.bitCount(size));
    for (int level = NodeId.MAX_LEVEL; level >= 0; level--) {
      if (((size >>> level) & 1) == 1) {
        ids.add(new NodeId(level, (size >>> level) - 1));
      }
    }
    return ids;
  }

  /** An independent copy: appending to either leaves the other as it was. */
  public CompactRange copy() {
    CompactRange copy = new CompactRange();
    for (int i = 0; i < height; i++) {
      copy.edge[i] = edge[i].clone();
    }
    copy.height = height;
    copy.size = size;
    return copy;
  }

  /** Number of leaves appended so far, including those the range started with. */
  public long size() {
    return size;
  }

  /** Appends one leaf hash. */
  public void append(byte[] leafHash) {
    append(leafHash, null);
  }

  /**
   * Appends one leaf hash and hands {@code completed} every node it completes: the leaf itself at
   * level 0, then each subtree it closes, bottom up. Each hash passed is a fresh array.
   */
  public void append(byte[] leafHash, BiConsumer<NodeId, byte[]> completed) {
    requireHash(leafHash);
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("the tree is full");
    }
    byte[] node = scratch;
    System.arraycopy(leafHash, 0, node, 0, HASH);
    if (completed != null) {
      completed.accept(NodeId.leaf(size), node.clone());
    }
    int level = 0;
    while (((size >>> level) & 1) == 1) {
      height--;
      hasher.hashChildrenInto(edge[height], node, node);
      level++;
      if (completed != null) {
        completed.accept(new NodeId(level, size >>> level), node.clone());
      }
    }
    byte[] free = edge[height];
    edge[height++] = node;
    scratch = free != null ? free : new byte[HASH];
    size++;
  }

  /** The Merkle Tree Hash of all leaves appended, in O(log n) hashes. */
  public byte[] root() {
    if (height == 0) {
      return MerkleHasher.emptyRoot();
    }
    byte[] root = edge[height - 1].clone();
    for (int i = height - 2; i >= 0; i--) {
      hasher.hashChildrenInto(edge[i], root, root);
    }
    return root;
  }

  /** Copies of the edge hashes, in the order of {@link #edgeIds(long)}. */
  public List<byte[]> edgeHashes() {
    List<byte[]> hashes = new ArrayList<>(height);
    for (int i = 0; i < height; i++) {
      hashes.add(edge[i].clone());
    }
    return hashes;
  }

  private static void requireHash(byte[] hash) {
    if (hash == null || hash.length != HASH) {
      throw new IllegalArgumentException("a tree hash has " + HASH + " bytes");
    }
  }
}
