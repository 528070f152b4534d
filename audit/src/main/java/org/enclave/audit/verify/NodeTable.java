package org.enclave.audit.verify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.NodeId;

/**
 * Subtree hashes read from a dump, held in memory in chunks of 64 consecutive nodes of one level
 * (about 34 bytes per node when the levels are dense, as a log stores them). Not thread-safe.
 */
final class NodeTable implements StoredNodes {

  private static final int HASH = MerkleHasher.HASH_LENGTH;
  private static final int CHUNK_SHIFT = 6;
  private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

  private final Map<Long, Chunk> chunks = new HashMap<>();
  private final long[] highest = new long[NodeId.MAX_LEVEL + 1];
  private long count;

  NodeTable() {
    Arrays.fill(highest, -1);
  }

  /**
   * Adds a stored node; listing one node twice with the same hash is harmless.
   *
   * @throws InputException if the node was listed before with a different hash
   */
  void put(DumpRecord.Node node) throws InputException {
    Chunk chunk = chunks.computeIfAbsent(key(node.level(), node.index()), k -> new Chunk());
    int slot = (int) (node.index() & CHUNK_MASK);
    if ((chunk.present & 1L << slot) != 0) {
      if (!Arrays.equals(chunk.hashes, slot * HASH, slot * HASH + HASH, node.hash(), 0, HASH)) {
        throw new InputException(
            "subtree " + new NodeId(node.level(), node.index()) + " is listed with two hashes");
      }
      return;
    }
    System.arraycopy(node.hash(), 0, chunk.hashes, slot * HASH, HASH);
    chunk.present |= 1L << slot;
    highest[node.level()] = Math.max(highest[node.level()], node.index());
    count++;
  }

  /** Number of distinct nodes held. */
  long size() {
    return count;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public byte[] get(int level, long index) {
    Chunk chunk = chunks.get(key(level, index));
    int slot = (int) (index & CHUNK_MASK);
    if (chunk == null || (chunk.present & 1L << slot) == 0) {
      return null;
    }
    return Arrays.copyOfRange(chunk.hashes, slot * HASH, slot * HASH + HASH);
  }

  @Override
  public Optional<NodeId> beyond(long size) {
    for (int level = 1; level <= NodeId.MAX_LEVEL; level++) {
      if (highest[level] >= size >>> level) {
        return Optional.of(new NodeId(level, highest[level]));
      }
    }
    return Optional.empty();
  }

  private static Long key(int level, long index) {
    return (long) level << 57 | index >>> CHUNK_SHIFT;
  }

  private static final class Chunk {
    final byte[] hashes = new byte[HASH << CHUNK_SHIFT];
    long present;
  }
}
