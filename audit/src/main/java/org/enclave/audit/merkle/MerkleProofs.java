package org.enclave.audit.merkle;

import java.util.List;
import java.util.Map;

/**
 * Roots and proofs of the RFC 9162 Merkle tree held by a {@link NodeSource}: for any tree size up
 * to the current one, O(log n) stored nodes read with one {@link NodeSource#getAll}, per the {@link
 * ProofPlan}. Needs no lock: stored nodes never change.
 */
public final class MerkleProofs {

  private final NodeSource nodes;

  public MerkleProofs(NodeSource nodes) {
    this.nodes = nodes;
  }

  /** The current tree size. */
  public long size() {
    return nodes.size();
  }

  /** The root of the tree of the first {@code size} leaves. */
  public byte[] root(long size) {
    requireSize(size);
    return assemble(ProofPlan.root(size)).get(0);
  }

  /** The inclusion proof of the leaf at {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(long index, long size) {
    requireSize(size);
    return assemble(ProofPlan.inclusion(index, size));
  }

  /** The consistency proof from the tree of {@code size1} leaves to that of {@code size2}. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    requireSize(size2);
    return assemble(ProofPlan.consistency(size1, size2));
  }

  private void requireSize(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    long current = nodes.size();
    if (size > current) {
      throw new IllegalArgumentException(
          "tree size " + size + " is beyond the log's " + current + " entries");
    }
  }

  private List<byte[]> assemble(ProofPlan plan) {
    if (plan.nodeIds().isEmpty()) {
      return plan.assemble(Map.of());
    }
    return plan.assemble(nodes.getAll(plan.nodeIds()));
  }
}
