package org.enclave.audit.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The audit log's tables in PostgreSQL (schema: {@code db/audit/V100__audit_log.sql}). A batch of
 * leaves and the subtree hashes it completes are written in one transaction, so a crash leaves
 * either all of a batch or none of it. Reads of subtree hashes for proofs take one round trip.
 */
public final class PostgresLogStore {
  private static final String INSERT_ENTRIES =
      "insert into audit_log_entry (idx, leaf_data, leaf_hash)"
          + " select * from unnest(?::bigint[], ?::bytea[], ?::bytea[])";
  private static final String INSERT_NODES =
      "insert into audit_log_node (level, idx, hash)"
          + " select * from unnest(?::smallint[], ?::bigint[], ?::bytea[])";

  private final DataSource dataSource;

  public PostgresLogStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Number of leaves: the next index to append. */
  public long size() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select coalesce(max(idx) + 1, 0) from audit_log_entry")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Appends leaves {@code first .. first + data.size() - 1} and the subtree hashes they complete,
   * atomically and durably. Fails (and stores nothing) if any of those indexes is taken.
   */
  public void append(
      long first, List<byte[]> data, List<byte[]> leafHashes, Map<NodeAddress, byte[]> nodes)
      throws SQLException {
    if (data.size() != leafHashes.size()) {
      throw new IllegalArgumentException("one leaf hash per entry");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        insertEntries(c, first, data, leafHashes);
        insertNodes(c, nodes);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void insertEntries(
      Connection c, long first, List<byte[]> data, List<byte[]> leafHashes) throws SQLException {
    Long[] idx = new Long[data.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = first + i;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRIES)) {
      Array a = c.createArrayOf("bigint", idx);
      Array d = c.createArrayOf("bytea", data.toArray(new byte[0][]));
      Array h = c.createArrayOf("bytea", leafHashes.toArray(new byte[0][]));
      ps.setArray(1, a);
      ps.setArray(2, d);
      ps.setArray(3, h);
      ps.executeUpdate();
    }
  }

  private static void insertNodes(Connection c, Map<NodeAddress, byte[]> nodes)
      throws SQLException {
    List<Map.Entry<NodeAddress, byte[]>> above =
        nodes.entrySet().stream().filter(e -> e.getKey().level() > 0).toList();
    if (above.isEmpty()) {
      return;
    }
    Short[] levels = new Short[above.size()];
    Long[] idx = new Long[above.size()];
    byte[][] hashes = new byte[above.size()][];
    for (int i = 0; i < above.size(); i++) {
      levels[i] = (short) above.get(i).getKey().level();
      idx[i] = above.get(i).getKey().index();
      hashes[i] = above.get(i).getValue();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_NODES)) {
      ps.setArray(1, c.createArrayOf("smallint", levels));
      ps.setArray(2, c.createArrayOf("bigint", idx));
      ps.setArray(3, c.createArrayOf("bytea", hashes));
      ps.executeUpdate();
    }
  }

  /** Entries {@code [from, from + limit)} that exist, in order. */
  public List<LogEntry> entries(long from, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
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
    }
  }

  /** Hashes of the given complete subtrees (leaves from the entry table), in one round trip. */
  public Map<NodeAddress, byte[]> nodes(Collection<NodeAddress> wanted) throws SQLException {
    Map<NodeAddress, byte[]> out = new HashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    List<Short> levels = new ArrayList<>();
    List<Long> idx = new ArrayList<>();
    for (NodeAddress n : wanted) {
      levels.add((short) n.level());
      idx.add(n.index());
    }
    String sql =
        "select w.level, w.idx, coalesce(n.hash, e.leaf_hash)"
            + " from unnest(?::smallint[], ?::bigint[]) as w(level, idx)"
            + " left join audit_log_node n on n.level = w.level and n.idx = w.idx"
            + " left join audit_log_entry e on w.level = 0 and e.idx = w.idx";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("smallint", levels.toArray()));
      ps.setArray(2, c.createArrayOf("bigint", idx.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] hash = rs.getBytes(3);
          if (hash != null) {
            out.put(new NodeAddress(rs.getShort(1), rs.getLong(2)), hash);
          }
        }
      }
    }
    return out;
  }

  /** Records a signed checkpoint for a tree size (once per size). */
  public void saveCheckpoint(long treeSize, String signedNote) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into audit_log_checkpoint (tree_size, note) values (?, ?)"
                    + " on conflict (tree_size) do nothing")) {
      ps.setLong(1, treeSize);
      ps.setString(2, signedNote);
      ps.executeUpdate();
    }
  }

  /** The signed checkpoint of the largest tree size, if any. */
  public Optional<String> latestCheckpoint() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select note from audit_log_checkpoint order by tree_size desc limit 1")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }
}
