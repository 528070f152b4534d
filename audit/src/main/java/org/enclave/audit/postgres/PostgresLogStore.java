package org.enclave.audit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.enclave.audit.merkle.AppendResult;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.MerkleLog;

/**
 * The audit log in PostgreSQL (schema: {@code db/audit/V1__audit_log.sql}). A batch of leaves and
 * the subtree hashes it completes are written in one transaction under a transaction-scoped
 * advisory lock, so writers in several processes stay serialized and a crash leaves all of a batch
 * or none. Roots and proofs read O(log n) stored hashes in one query.
 */
public final class PostgresLogStore {
  /** Advisory lock key that serializes appends (any fixed 64-bit value unique to this log). */
  private static final long WRITER_LOCK = 0x456e636c61766541L;

  private final DataSource dataSource;
  private Connection writer;

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
    Connection c = writerConnection();
    try {
      try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
        lock.setLong(1, WRITER_LOCK);
        lock.execute();
      }
      AppendResult result =
          new MerkleLog(ConnectionNodeStore.appending(c, data)).append(leafHashes);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      discardWriter();
      throw e;
    }
  }

  /**
   * The connection appends use: one, kept open across batches (appends are serialized anyway), and
   * replaced after any failure so that a broken connection or transaction is never reused.
   */
  private Connection writerConnection() throws SQLException {
    if (writer == null) {
      writer = dataSource.getConnection();
      writer.setAutoCommit(false);
    }
    return writer;
  }

  private void discardWriter() {
    if (writer != null) {
      try {
        writer.rollback();
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
    return read(c -> new MerkleLog(ConnectionNodeStore.reading(c)).root(size));
  }

  /** The RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(long index, long size) {
    return read(c -> new MerkleLog(ConnectionNodeStore.reading(c)).inclusionProof(index, size));
  }

  /** The RFC 9162 consistency proof between the trees of {@code size1} and {@code size2}. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    return read(c -> new MerkleLog(ConnectionNodeStore.reading(c)).consistencyProof(size1, size2));
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
