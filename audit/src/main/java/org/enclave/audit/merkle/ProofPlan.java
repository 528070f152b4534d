package org.enclave.audit.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Which stored nodes a root or proof needs, and how to assemble it from them. Every element of an
 * RFC 9162 proof is the hash of some subtree [start, end). Left of the tree's right edge that
 * subtree is perfect, one stored node; on the right edge it is not, and its hash folds the perfect
 * subtrees its size decomposes into. A proof has at most one element of the second kind, so it
 * needs at most about 2 log2(n) nodes, fetched together with {@link NodeStore#getAll}.
 *
 * <p>Stateless and immutable; the factories run in O(log n) time without touching storage.
 */
public final class ProofPlan {

  private final List<NodeId> nodeIds;
  private final int[] elementEnds;

  private ProofPlan(List<NodeId> nodeIds, int[] elementEnds) {
    this.nodeIds = Collections.unmodifiableList(nodeIds);
    this.elementEnds = elementEnds;
  }

  /** The root of the tree of {@code size} leaves: one element; for size 0, the empty root. */
  public static ProofPlan root(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    Builder plan = new Builder();
    plan.element(0, size);
    return plan.build();
  }

  /**
   * The inclusion proof of the leaf at {@code index} in the tree of {@code size} leaves, PATH(m,
   * D[n]) of RFC 9162 §2.1.3.1, from the leaf's sibling up.
   */
  public static ProofPlan inclusion(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is outside the tree of size " + size);
    }
    List<long[]> topDown = new ArrayList<>();
    long start = 0;
    long n = size;
    while (n > 1) {
      long k = Long.highestOneBit(n - 1);
      if (index < start + k) {
        topDown.add(new long[] {start + k, n - k});
        n = k;
      } else {
        topDown.add(new long[] {start, k});
        start += k;
        n -= k;
      }
    }
    return bottomUp(topDown);
  }

  /**
   * The consistency proof from the tree of {@code size1} leaves to the tree of {@code size2},
   * PROOF(m, D[n]) of RFC 9162 §2.1.4.1; empty when {@code size1} is 0 or equals {@code size2}.
   */
  public static ProofPlan consistency(long size1, long size2) {
    if (size1 < 0 || size2 < size1) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + size1 + " to size " + size2);
    }
    List<long[]> topDown = new ArrayList<>();
    if (size1 > 0) {
      long start = 0;
      long m = size1;
      long n = size2;
      boolean wholeFirstTree = true;
      while (m != n) {
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
          topDown.add(new long[] {start + k, n - k});
          n = k;
        } else {
          topDown.add(new long[] {start, k});
          start += k;
          m -= k;
          n -= k;
          wholeFirstTree = false;
        }
      }
      if (!wholeFirstTree) {
        topDown.add(new long[] {start, n});
      }
    }
    return bottomUp(topDown);
  }

  private static ProofPlan bottomUp(List<long[]> topDown) {
    Builder plan = new Builder();
    for (int i = topDown.size() - 1; i >= 0; i--) {
      plan.element(topDown.get(i)[0], topDown.get(i)[1]);
    }
    return plan.build();
  }

  /** The nodes to fetch, each once. */
  public List<NodeId> nodeIds() {
    return nodeIds;
  }

  /** Number of hashes {@link #assemble} returns. */
  public int length() {
    return elementEnds.length;
  }

  /**
   * Builds the proof (or root) from the fetched hashes.
   *
   * @param hashes the hashes of at least {@link #nodeIds()}; they are not modified
   * @throws IllegalStateException if a node is missing or is not a 32-byte hash
   */
  public List<byte[]> assemble(Map<NodeId, byte[]> hashes) {
    MerkleHasher hasher = MerkleHasher.perThread();
    List<byte[]> out = new ArrayList<>(elementEnds.length);
    int from = 0;
    for (int end : elementEnds) {
      if (end == from) {
        out.add(MerkleHasher.emptyRoot());
        continue;
      }
      byte[] hash = fetched(hashes, nodeIds.get(end - 1));
      if (end - from > 1) {
        hash = hash.clone();
        for (int i = end - 2; i >= from; i--) {
          hasher.hashChildrenInto(fetched(hashes, nodeIds.get(i)), hash, hash);
        }
      }
      out.add(hash);
      from = end;
    }
    return out;
  }

  private static byte[] fetched(Map<NodeId, byte[]> hashes, NodeId id) {
    byte[] hash = hashes.get(id);
    if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
      throw new IllegalStateException("the node store has no hash for node " + id);
    }
    return hash;
  }

  private static final class Builder {
    private final List<NodeId> ids = new ArrayList<>();
    private final List<Integer> ends = new ArrayList<>();

    /** One element: the hash of leaves [start, start + length), from its perfect subtrees. */
    void element(long start, long length) {
      long position = start;
      for (int level = NodeId.MAX_LEVEL; level >= 0; level--) {
        if (((length >>> level) & 1) == 1) {
          ids.add(new NodeId(level, position >>> level));
          position += 1L << level;
        }
      }
      ends.add(ids.size());
    }

    ProofPlan build() {
      return new ProofPlan(ids, ends.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
