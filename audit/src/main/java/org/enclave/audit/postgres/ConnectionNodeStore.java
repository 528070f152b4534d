package org.enclave.audit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.enclave.audit.merkle.NodeId;
import org.enclave.audit.merkle.NodeStore;

/**
 * The Merkle tree's {@link NodeStore} on one JDBC connection, so that an append's leaves and
 * subtree hashes land in the caller's transaction. Level-0 nodes are the leaf hashes of {@code
 * audit_log_entry}; higher levels live in {@code audit_log_node}. When appending, the leaves'
 * canonical data is supplied up front and written with their hashes.
 */
final class ConnectionNodeStore implements NodeStore {
  /** One index lookup per wanted node, whatever the tables' size. */
  private static final String SELECT_NODES =
      "select w.level, w.idx, case when w.level = 0"
          + " then (select e.leaf_hash from audit_log_entry e where e.idx = w.idx)"
          + " else (select n.hash from audit_log_node n where n.level = w.level and n.idx = w.idx)"
          + " end from unnest(?::smallint[], ?::bigint[]) as w(level, idx)";

  private static final String INSERT_ENTRIES =
      "insert into audit_log_entry (idx, leaf_data, leaf_hash)"
          + " select * from unnest(?::bigint[], ?::bytea[], ?::bytea[])";
  private static final String INSERT_NODES =
      "insert into audit_log_node (level, idx, hash)"
          + " select * from unnest(?::smallint[], ?::bigint[], ?::bytea[])";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Connection connection;
  private final long base;
  private final List<byte[]> pendingData;

  private ConnectionNodeStore(Connection connection, long base, List<byte[]> pendingData) {
    this.connection = connection;
    this.base = base;
    this.pendingData = pendingData;
  }

  /** A store for reading roots and proofs. */
  static ConnectionNodeStore reading(Connection connection) {
    return new ConnectionNodeStore(connection, -1, List.of());
  }

  /** A store for appending {@code data} as the next leaves (the caller holds the writer lock). */
  static ConnectionNodeStore appending(Connection connection, List<byte[]> data) {
    return new ConnectionNodeStore(connection, sizeOf(connection), data);
  }

  @Override
  public long size() {
    return base >= 0 ? base : sizeOf(connection);
  }

  static long sizeOf(Connection connection) {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("select coalesce(max(idx) + 1, 0) from audit_log_entry")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit log size", e);
    }
  }

  @Override
  public Optional<byte[]> get(int level, long index) {
    return Optional.ofNullable(
        getAll(List.of(new NodeId(level, index))).get(new NodeId(level, index)));
  }

  @Override
  public Map<NodeId, byte[]> getAll(List<NodeId> ids) {
    Map<NodeId, byte[]> found = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    Short[] levels = new Short[ids.size()];
    Long[] idx = new Long[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      levels[i] = (short) ids.get(i).level();
      idx[i] = ids.get(i).index();
    }
    try (PreparedStatement ps = connection.prepareStatement(SELECT_NODES)) {
      ps.setArray(1, connection.createArrayOf("smallint", levels));
      ps.setArray(2, connection.createArrayOf("bigint", idx));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] hash = rs.getBytes(3);
          if (hash != null) {
            found.put(new NodeId(rs.getShort(1), rs.getLong(2)), hash);
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read audit log nodes", e);
    }
    return found;
  }

  @Override
  public void putAll(Map<NodeId, byte[]> nodes) {
    List<Long> leafIdx = new ArrayList<>();
    List<byte[]> leafData = new ArrayList<>();
    List<byte[]> leafHashes = new ArrayList<>();
    List<Short> levels = new ArrayList<>();
    List<Long> idx = new ArrayList<>();
    List<byte[]> hashes = new ArrayList<>();
    for (Map.Entry<NodeId, byte[]> n : nodes.entrySet()) {
      NodeId id = n.getKey();
      if (id.level() == 0) {
        long offset = id.index() - base;
        if (base < 0 || offset < 0 || offset >= pendingData.size()) {
          throw new IllegalArgumentException("leaf " + id.index() + " is not part of this append");
        }
        leafIdx.add(id.index());
        leafData.add(pendingData.get((int) offset));
        leafHashes.add(n.getValue());
      } else {
        levels.add((short) id.level());
        idx.add(id.index());
        hashes.add(n.getValue());
      }
    }
    if (leafIdx.size() != pendingData.size()) {
      throw new IllegalArgumentException(
          "append stores " + leafIdx.size() + " leaves but " + pendingData.size() + " were given");
    }
    try {
      insert(INSERT_ENTRIES, "bigint", leafIdx.toArray(), leafData, leafHashes);
      if (!levels.isEmpty()) {
        insertNodes(levels, idx, hashes);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new IllegalStateException("audit log position already taken", e);
      }
      throw new StoreException("cannot store audit log entries", e);
    }
  }

  private void insert(String sql, String firstType, Object[] first, List<byte[]> b, List<byte[]> c)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setArray(1, connection.createArrayOf(firstType, first));
      ps.setArray(2, connection.createArrayOf("bytea", b.toArray(new byte[0][])));
      ps.setArray(3, connection.createArrayOf("bytea", c.toArray(new byte[0][])));
      ps.executeUpdate();
    }
  }

  private void insertNodes(List<Short> levels, List<Long> idx, List<byte[]> hashes)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(INSERT_NODES)) {
      ps.setArray(1, connection.createArrayOf("smallint", levels.toArray()));
      ps.setArray(2, connection.createArrayOf("bigint", idx.toArray()));
      ps.setArray(3, connection.createArrayOf("bytea", hashes.toArray(new byte[0][])));
      ps.executeUpdate();
    }
  }
}
