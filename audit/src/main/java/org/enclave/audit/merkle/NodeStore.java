package org.enclave.audit.merkle;

import java.util.Map;

/**
 * Where the log keeps the hashes of its perfect subtrees: a {@link NodeSource} that also takes new
 * nodes. The store is append-only and should refuse to overwrite a node (a database table refuses
 * UPDATE and DELETE). {@link MerkleLog} writes every append with one {@link #putAll} call, so a
 * database implementation answers it with one round trip.
 */
public interface NodeStore extends NodeSource {

  /**
   * Stores new nodes, all of them or none. Implementations refuse a node that is already stored,
   * and may refuse nodes that leave a gap in a level or lie beyond the leaves stored.
   *
   * @throws IllegalStateException if a node is already stored
   * @throws IllegalArgumentException if the nodes are malformed
   */
  void putAll(Map<NodeId, byte[]> nodes);
}
