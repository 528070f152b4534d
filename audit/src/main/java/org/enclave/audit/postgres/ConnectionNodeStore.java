package org.enclave.audit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.enclave.audit.merkle.NodeId;
import org.enclave.audit.merkle.NodeSource;

/**
 * The {@link NodeSource} over one JDBC connection, for roots, proofs and the tree's edge. Level-0
 * nodes are the leaf hashes of {@code audit_log_entry}; higher levels live in {@code
 * audit_log_node}.
 */
final class ConnectionNodeStore implements NodeSource {
  /** One index lookup per wanted node, whatever the tables' size. */
  private static final String SELECT_NODES =
      "select w.level, w.idx, case when w.level = 0"
          + " then (select e.leaf_hash from audit_log_entry e where e.idx = w.idx)"
          + " else (select n.hash from audit_log_node n where n.level = w.level and n.idx = w.idx)"
          + " end from unnest(?::smallint[], ?::bigint[]) as w(level, idx)";

  private final Connection connection;

  private ConnectionNodeStore(Connection connection) {
    this.connection = connection;
  }

  /** A store for reading roots, proofs and the tree's edge. */
  static ConnectionNodeStore reading(Connection connection) {
    return new ConnectionNodeStore(connection);
  }

  @Override
  public long size() {
    return sizeOf(connection);
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
}
