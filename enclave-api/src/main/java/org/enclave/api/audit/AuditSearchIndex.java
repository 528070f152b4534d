package org.enclave.api.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.enclave.audit.AuditEvent;

/**
 * The searchable projection of the audit log: one {@code audit_event} row per log entry, keyed by
 * its log index, with every field of the event. The log is the record; this table only makes it
 * searchable, and is rebuilt from the log where it lags ({@link AuditIndexCatchUp}).
 *
 * <p>Rows are written in batches on connections of their own, committed without waiting for the
 * disk ({@code synchronous_commit = off}): a row lost in a crash is re-indexed from the durable
 * log, so the index never costs a request a second flush.
 */
@ApplicationScoped
public class AuditSearchIndex {
  private static final String INSERT =
      """
      insert into audit_event (log_index, event_time, actor, actor_display_name, actor_roles,
                               action, outcome, reason, resource_type, resource_id, team_id,
                               dataset_id, dataset_version, object_key, range_first, range_last,
                               bytes_served, workspace_id, request_id)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (log_index) do nothing
      """;

  private static final String MISSING =
      """
      select i from generate_series(?::bigint, ?::bigint - 1) i
       where not exists (select 1 from audit_event e where e.log_index = i)
       order by i limit ?
      """;

  /** One log entry to index. */
  public record Row(long logIndex, AuditEvent event) {}

  @Inject AgroalDataSource dataSource;

  /** Indexes the entries, each once (rows already there are left as they are), in one commit. */
  public void index(Collection<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          PreparedStatement insert = c.prepareStatement(INSERT)) {
        s.execute("set local synchronous_commit = off");
        for (Row r : rows) {
          bind(insert, r.logIndex(), r.event());
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the audit search index cannot be written", e);
    }
  }

  /** One past the highest log index indexed so far (0 when the index is empty). */
  public long indexedSize() {
    return single("select coalesce(max(log_index) + 1, 0) from audit_event");
  }

  /**
   * Log indexes in {@code [from, size)} that have no row, smallest first, at most {@code limit}. An
   * entry can lack its row when indexing failed after the append, after a crash, or while its row
   * is still on the way.
   */
  public List<Long> missing(long from, long size, int limit) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement count =
          c.prepareStatement(
              "select count(*) from audit_event where log_index >= ? and log_index < ?")) {
        count.setLong(1, from);
        count.setLong(2, size);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == size - from) {
            return List.of();
          }
        }
      }
      try (PreparedStatement q = c.prepareStatement(MISSING)) {
        q.setLong(1, from);
        q.setLong(2, size);
        q.setInt(3, limit);
        List<Long> missing = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            missing.add(rs.getLong(1));
          }
        }
        return missing;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the audit search index cannot be read", e);
    }
  }

  private long single(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("the audit search index cannot be read", e);
    }
  }

  private static void bind(PreparedStatement p, long logIndex, AuditEvent e) throws SQLException {
    p.setLong(1, logIndex);
    p.setObject(2, e.time().atOffset(ZoneOffset.UTC));
    p.setString(3, e.actor());
    p.setString(4, e.actorDisplayName());
    p.setString(5, String.join(",", e.actorRoles()));
    p.setString(6, e.action());
    p.setString(7, e.outcome().name());
    p.setString(8, e.reason());
    p.setString(9, e.resourceType());
    p.setString(10, e.resourceId());
    p.setString(11, e.teamId());
    p.setString(12, e.datasetId());
    p.setString(13, e.datasetVersion());
    p.setString(14, e.objectKey());
    setLong(p, 15, e.rangeFirst());
    setLong(p, 16, e.rangeLast());
    setLong(p, 17, e.bytesServed());
    p.setString(18, e.workspaceId());
    p.setString(19, e.requestId());
  }

  private static void setLong(PreparedStatement p, int at, Long value) throws SQLException {
    if (value == null) {
      p.setNull(at, Types.BIGINT);
    } else {
      p.setLong(at, value);
    }
  }
}
