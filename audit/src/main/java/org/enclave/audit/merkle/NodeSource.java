package org.enclave.audit.merkle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the hashes of the log's perfect subtrees ({@link NodeId}); {@link NodeStore} adds writing.
 * Only nodes whose subtree is complete are ever stored, and a stored node never changes.
 *
 * <p>Level 0 holds the leaf hashes, stored contiguously from index 0; their count is the tree size.
 * {@link MerkleProofs} asks for every root or proof with one {@link #getAll} call, so a database
 * implementation answers each with one round trip.
 */
public interface NodeSource {

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
}
