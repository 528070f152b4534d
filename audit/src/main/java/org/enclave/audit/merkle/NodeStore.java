package org.enclave.audit.merkle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the log keeps the hashes of its perfect subtrees ({@link NodeId}). Only nodes whose subtree
 * is complete are ever stored, and a stored node never changes: the store is append-only and should
 * refuse to overwrite a node (a database table refuses UPDATE and DELETE).
 *
 * <p>Level 0 holds the leaf hashes, stored contiguously from index 0; their count is the tree size.
 * {@link MerkleLog} asks for every root or proof with one {@link #getAll} call and writes every
 * append with one {@link #putAll} call, so a database implementation answers each with one round
 * trip.
 */
public interface NodeStore {

  /** The number of leaves stored, that is the tree size. */
  long size();

  /** The hash of one stored node, or empty if it is not stored. */
  Optional<byte[]> get(int level, long index);

  /**
   * The hashes of the given nodes that are stored; nodes not stored are absent from the result. The
   * default asks {@link #get} once per node; a database implementation answers with one query.
   */
  default Map<NodeId, byte[]> getAll(List<NodeId> ids) {
    Map<NodeId, byte[]> found = new LinkedHashMap<>();
    for (NodeId id : ids) {
      get(id.level(), id.index()).ifPresent(hash -> found.put(id, hash));
    }
    return found;
  }

  /**
   * Stores new nodes, all of them or none. Implementations refuse a node that is already stored,
   * and may refuse nodes that leave a gap in a level or lie beyond the leaves stored.
   *
   * @throws IllegalStateException if a node is already stored
   * @throws IllegalArgumentException if the nodes are malformed
   */
  void putAll(Map<NodeId, byte[]> nodes);
}
