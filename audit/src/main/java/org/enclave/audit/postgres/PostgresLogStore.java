package org.enclave.audit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.enclave.audit.merkle.AppendResult;
import org.enclave.audit.merkle.CompactRange;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.MerkleProofs;
import org.enclave.audit.merkle.NodeId;

/**
 * The audit log in PostgreSQL (schema: {@code db/audit/V*.sql}). The writer remembers the tree's
 * right edge, computes the subtree hashes a batch completes, and stores the batch with one call of
 * {@code audit_log_append} in autocommit: one round trip and one commit per batch. The function
 * takes a transaction-scoped advisory lock and checks the size the writer expects, so writers in
 * several processes stay serialized and contiguous, and a crash leaves all of a batch or none. A
 * writer that finds the log grew under it reloads the edge under the lock and appends again. Roots
 * and proofs read O(log n) stored hashes in one query.
 */
public final class PostgresLogStore {
  /** Advisory lock key that serializes appends; {@code audit_log_append} takes the same. */
  private static final long WRITER_LOCK = 0x456e636c61766541L;

  /**
   * SQLSTATE of {@code audit_log_append} when the log's size is not the one the writer expected.
   */
  private static final String STALE_WRITER = "EL001";

  private static final String APPEND =
      "select audit_log_append(?, ?::bytea[], ?::bytea[], ?::smallint[], ?::bigint[], ?::bytea[])";

  private final DataSource dataSource;
  private Connection writer;

  /** The right edge of the tree as of this writer's last append; null when not known. */
  private CompactRange tip;

  public PostgresLogStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Number of leaves: the next index to append. */
  public long size() {
    return read(ConnectionNodeStore::sizeOf);
  }

  /**
   * Appends the canonical event data as the next leaves, durably, and returns their positions.
   * Nothing is stored if anything fails.
   */
  public synchronized AppendResult append(List<byte[]> data) throws SQLException {
    List<byte[]> leafHashes = new ArrayList<>(data.size());
    for (byte[] d : data) {
      leafHashes.add(MerkleHasher.leafHash(d));
    }
    try {
      Connection c = writerConnection();
      if (tip != null) {
        try {
          return store(c, tip, data, leafHashes);
        } catch (SQLException e) {
          if (!STALE_WRITER.equals(e.getSQLState())) {
            throw e;
          }
        }
      }
      return appendUnderLock(c, data, leafHashes);
    } catch (SQLException | RuntimeException e) {
      discardWriter();
      throw e;
    }
  }

  /** Reads the tree's edge while holding the writers' lock, so the append cannot be stale. */
  private AppendResult appendUnderLock(Connection c, List<byte[]> data, List<byte[]> leafHashes)
      throws SQLException {
    tip = null;
    c.setAutoCommit(false);
    try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
      lock.setLong(1, WRITER_LOCK);
      lock.execute();
    }
    ConnectionNodeStore nodes = ConnectionNodeStore.reading(c);
    long size = nodes.size();
    List<NodeId> edgeIds = CompactRange.edgeIds(size);
    Map<NodeId, byte[]> found = nodes.getAll(edgeIds);
    List<byte[]> edge = new ArrayList<>(edgeIds.size());
    for (NodeId id : edgeIds) {
      byte[] hash = found.get(id);
      if (hash == null) {
        throw new IllegalStateException("the audit log has no hash for node " + id);
      }
      edge.add(hash);
    }
    AppendResult result = store(c, CompactRange.of(size, edge), data, leafHashes);
    c.commit();
    c.setAutoCommit(true);
    return result;
  }

  /**
   * Appends to a copy of {@code from} and stores the leaves and completed subtrees with one call;
   * on success the copy becomes the writer's {@link #tip}.
   */
  private AppendResult store(
      Connection c, CompactRange from, List<byte[]> data, List<byte[]> leafHashes)
      throws SQLException {
    CompactRange next = from.copy();
    Map<NodeId, byte[]> completed = new LinkedHashMap<>(4 * data.size() + 16);
    List<Short> levels = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    List<byte[]> hashes = new ArrayList<>();
    for (byte[] leaf : leafHashes) {
      next.append(
          leaf,
          (id, hash) -> {
            completed.put(id, hash);
            if (id.level() > 0) {
              levels.add((short) id.level());
              indexes.add(id.index());
              hashes.add(hash);
            }
          });
    }
    try (PreparedStatement ps = c.prepareStatement(APPEND)) {
      ps.setLong(1, from.size());
      ps.setArray(2, c.createArrayOf("bytea", data.toArray(new byte[0][])));
      ps.setArray(3, c.createArrayOf("bytea", leafHashes.toArray(new byte[0][])));
      ps.setArray(4, c.createArrayOf("smallint", levels.toArray()));
      ps.setArray(5, c.createArrayOf("bigint", indexes.toArray()));
      ps.setArray(6, c.createArrayOf("bytea", hashes.toArray(new byte[0][])));
      ps.execute();
    }
    tip = next;
    return new AppendResult(
        from.size(), next.size(), next.root(), Collections.unmodifiableMap(completed));
  }

  /**
   * The connection appends use: one, kept open across batches (appends are serialized anyway) in
   * autocommit, and replaced after any failure so that a broken connection or transaction is never
   * reused.
   */
  private Connection writerConnection() throws SQLException {
    if (writer == null) {
      writer = dataSource.getConnection();
      writer.setAutoCommit(true);
      requireSynchronousCommit(writer);
    }
    return writer;
  }

  /**
   * An append must be durable when it returns: a server or role configured with {@code
   * synchronous_commit = off} would acknowledge commits before they reach disk, so the writer's
   * session turns it back on. Stronger settings (replica waits) are kept.
   */
  private static void requireSynchronousCommit(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_setting('synchronous_commit')")) {
      rs.next();
      if ("off".equals(rs.getString(1))) {
        s.execute("set synchronous_commit = on");
      }
    }
  }

  private void discardWriter() {
    tip = null;
    if (writer != null) {
      try {
        if (!writer.getAutoCommit()) {
          writer.rollback();
        }
        writer.close();
      } catch (SQLException ignored) {
        // the connection is being thrown away
      }
      writer = null;
    }
  }

  /** Releases the connection appends hold. */
  public synchronized void close() {
    discardWriter();
  }

  /** The root of the tree of the first {@code size} leaves. */
  public byte[] root(long size) {
    return read(c -> new MerkleProofs(ConnectionNodeStore.reading(c)).root(size));
  }

  /** The RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(long index, long size) {
    return read(c -> new MerkleProofs(ConnectionNodeStore.reading(c)).inclusionProof(index, size));
  }

  /** The RFC 9162 consistency proof between the trees of {@code size1} and {@code size2}. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    return read(
        c -> new MerkleProofs(ConnectionNodeStore.reading(c)).consistencyProof(size1, size2));
  }

  /** Entries {@code [from, from + limit)} that exist, in order. */
  public List<LogEntry> entries(long from, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select idx, leaf_data, leaf_hash from audit_log_entry"
                      + " where idx >= ? order by idx limit ?")) {
            ps.setLong(1, from);
            ps.setInt(2, limit);
            List<LogEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new LogEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
              }
            }
            return out;
          } catch (SQLException e) {
            throw new StoreException("cannot read audit log entries", e);
          }
        });
  }

  /** Records a signed checkpoint for a tree size (once per size). */
  public void saveCheckpoint(long treeSize, String signedNote) {
    read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into audit_log_checkpoint (tree_size, note) values (?, ?)"
                      + " on conflict (tree_size) do nothing")) {
            ps.setLong(1, treeSize);
            ps.setString(2, signedNote);
            return ps.executeUpdate();
          } catch (SQLException e) {
            throw new StoreException("cannot store the checkpoint", e);
          }
        });
  }

  /** A stored subtree hash. */
  public record StoredNode(int level, long index, byte[] hash) {}

  /** Stored subtree hashes of one level (1 or more) from {@code from}, in index order. */
  public List<StoredNode> nodes(int level, long from, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select idx, hash from audit_log_node where level = ? and idx >= ?"
                      + " order by idx limit ?")) {
            ps.setShort(1, (short) level);
            ps.setLong(2, from);
            ps.setInt(3, limit);
            List<StoredNode> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new StoredNode(level, rs.getLong(1), rs.getBytes(2)));
              }
            }
            return out;
          } catch (SQLException e) {
            throw new StoreException("cannot read audit log nodes", e);
          }
        });
  }

  /** A stored checkpoint: the tree size it covers and its signed note. */
  public record StoredCheckpoint(long treeSize, String note) {}

  /** Checkpoints of sizes greater than {@code afterSize}, smallest first, at most {@code limit}. */
  public List<StoredCheckpoint> checkpoints(long afterSize, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select tree_size, note from audit_log_checkpoint where tree_size > ?"
                      + " order by tree_size limit ?")) {
            ps.setLong(1, afterSize);
            ps.setInt(2, limit);
            List<StoredCheckpoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new StoredCheckpoint(rs.getLong(1), rs.getString(2)));
              }
            }
            return out;
          } catch (SQLException e) {
            throw new StoreException("cannot read checkpoints", e);
          }
        });
  }

  /** The signed checkpoint of the largest tree size, if any. */
  public Optional<String> latestCheckpoint() {
    return read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "select note from audit_log_checkpoint order by tree_size desc limit 1")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
          } catch (SQLException e) {
            throw new StoreException("cannot read checkpoints", e);
          }
        });
  }

  private <T> T read(Function<Connection, T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw new StoreException("cannot reach the audit log database", e);
    }
  }
}
