package org.enclave.audit.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link NodeStore} in memory, for tests and for verifying a dump. Each level is a contiguous run
 * of 32-byte hashes kept in fixed-size chunks (about 64 MB per million leaves). It enforces what a
 * database would: no overwrite, no gap in a level, no node beyond the leaves stored. Safe for
 * concurrent use.
 */
public final class InMemoryNodeStore implements NodeStore {

  private static final int HASH = MerkleHasher.HASH_LENGTH;
  private static final int CHUNK_HASHES = 4096;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Level> levels = new ArrayList<>();

  @Override
  public long size() {
    lock.readLock().lock();
    try {
      return levels.isEmpty() ? 0 : levels.get(0).count;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<byte[]> get(int level, long index) {
    lock.readLock().lock();
    try {
      if (level < 0 || level >= levels.size()) {
        return Optional.empty();
      }
      return Optional.ofNullable(levels.get(level).get(index));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void putAll(Map<NodeId, byte[]> nodes) {
    TreeMap<NodeId, byte[]> sorted = new TreeMap<>(nodes);
    lock.writeLock().lock();
    try {
      check(sorted);
      for (Map.Entry<NodeId, byte[]> node : sorted.entrySet()) {
        int level = node.getKey().level();
        while (levels.size() <= level) {
          levels.add(new Level());
        }
        levels.get(level).add(node.getValue());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Checks the whole batch before anything is written, so that a bad batch writes nothing. */
  private void check(TreeMap<NodeId, byte[]> sorted) {
    long newSize = levels.isEmpty() ? 0 : levels.get(0).count;
    int currentLevel = -1;
    long next = 0;
    for (Map.Entry<NodeId, byte[]> node : sorted.entrySet()) {
      NodeId id = node.getKey();
      byte[] hash = node.getValue();
      if (hash == null || hash.length != HASH) {
        throw new IllegalArgumentException("node " + id + " needs a " + HASH + "-byte hash");
      }
      if (id.level() != currentLevel) {
        currentLevel = id.level();
        next = currentLevel < levels.size() ? levels.get(currentLevel).count : 0;
      }
      if (id.index() < next) {
        throw new IllegalStateException(
            "node " + id + " is already stored; the log is append-only");
      }
      if (id.index() > next) {
        throw new IllegalArgumentException(
            "node " + id + " would leave a gap: level " + id.level() + " has " + next + " nodes");
      }
      next++;
      if (currentLevel == 0) {
        newSize = next;
      }
      if (id.endLeaf() > newSize) {
        throw new IllegalArgumentException(
            "node " + id + " is not complete in a tree of " + newSize + " leaves");
      }
    }
  }

  /** One level: hashes 0..count-1, packed into chunks that are never reallocated. */
  private static final class Level {
    private final List<byte[]> chunks = new ArrayList<>();
    private long count;

    byte[] get(long index) {
      if (index < 0 || index >= count) {
        return null;
      }
      byte[] chunk = chunks.get((int) (index / CHUNK_HASHES));
      int offset = (int) (index % CHUNK_HASHES) * HASH;
      byte[] hash = new byte[HASH];
      System.arraycopy(chunk, offset, hash, 0, HASH);
      return hash;
    }

    void add(byte[] hash) {
      int slot = (int) (count % CHUNK_HASHES);
      if (slot == 0) {
        chunks.add(new byte[CHUNK_HASHES * HASH]);
      }
      System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), slot * HASH, HASH);
      count++;
    }
  }
}
