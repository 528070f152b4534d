package org.enclave.audit.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log's RFC 9162 Merkle tree over a {@link NodeStore}. Appending k leaves reads the
 * tree's right edge (at most 63 nodes, one {@link NodeStore#getAll}) and writes the k leaves and
 * the subtrees they complete (one {@link NodeStore#putAll}): O(k + log n). Roots and proofs are
 * {@link MerkleProofs}'.
 *
 * <p>Appends are serialized within this object; several processes appending to one store must
 * serialize through the store (a database lock held across {@link #append}). Reads need no lock:
 * stored nodes never change.
 */
public final class MerkleLog {

  private final NodeStore store;
  private final MerkleProofs proofs;

  public MerkleLog(NodeStore store) {
    this.store = store;
    this.proofs = new MerkleProofs(store);
  }

  /** The current tree size. */
  public long size() {
    return store.size();
  }

  /**
   * Appends leaf hashes (each {@code SHA-256(0x00 || entry)}) and stores the nodes they complete
   * with one {@link NodeStore#putAll}.
   *
   * @throws IllegalArgumentException if a leaf hash is not 32 bytes
   * @throws IllegalStateException if the store lacks a node it should hold
   */
  public synchronized AppendResult append(List<byte[]> leafHashes) {
    for (byte[] leaf : leafHashes) {
      if (leaf == null || leaf.length != MerkleHasher.HASH_LENGTH) {
        throw new IllegalArgumentException(
            "a leaf hash has " + MerkleHasher.HASH_LENGTH + " bytes");
      }
    }
    long size = store.size();
    CompactRange range = CompactRange.of(size, fetch(CompactRange.edgeIds(size)));
    Map<NodeId, byte[]> nodes = new LinkedHashMap<>(4 * leafHashes.size() + 16);
    for (byte[] leaf : leafHashes) {
      range.append(leaf, nodes::put);
    }
    if (!nodes.isEmpty()) {
      store.putAll(nodes);
    }
    return new AppendResult(size, range.size(), range.root(), Collections.unmodifiableMap(nodes));
  }

  /** The root of the tree of the first {@code size} leaves. */
  public byte[] root(long size) {
    return proofs.root(size);
  }

  /** The inclusion proof of the leaf at {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(long index, long size) {
    return proofs.inclusionProof(index, size);
  }

  /** The consistency proof from the tree of {@code size1} leaves to that of {@code size2}. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    return proofs.consistencyProof(size1, size2);
  }

  private List<byte[]> fetch(List<NodeId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<NodeId, byte[]> found = store.getAll(ids);
    List<byte[]> hashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      byte[] hash = found.get(id);
      if (hash == null) {
        throw new IllegalStateException("the node store has no hash for node " + id);
      }
      hashes.add(hash);
    }
    return hashes;
  }
}
