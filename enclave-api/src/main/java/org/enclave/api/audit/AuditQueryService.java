package org.enclave.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.enclave.api.governance.persistence.NativeValues;

/** Searches the audit index, oldest first, in pages keyed by log index. */
@ApplicationScoped
public class AuditQueryService {
  private static final String COLUMNS =
      "log_index, event_time, actor, actor_display_name, actor_roles, action, outcome, reason,"
          + " resource_type, resource_id, team_id, dataset_id, dataset_version, object_key,"
          + " range_first, range_last, bytes_served, workspace_id, request_id";

  @Inject EntityManager em;

  /** What to look for; null or blank fields do not restrict. */
  public record Filter(
      String actor, String action, String outcome, String datasetId, String teamId, Period period) {
    public Filter {
      period = period == null ? Period.ALWAYS : period;
    }

    /** The restricting fields as {@code name=value} pairs, for audit records. */
    public String describe() {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("actor", actor);
      fields.put("action", action);
      fields.put("outcome", outcome);
      fields.put("datasetId", datasetId);
      fields.put("teamId", teamId);
      fields.put("from", period.from());
      fields.put("to", period.to());
      fields.forEach(
          (k, v) -> {
            if (v != null && !v.toString().isBlank()) {
              j.add(k + "=" + v);
            }
          });
      return j.toString();
    }
  }

  /**
   * A page: entries matching the filter with {@code after < logIndex < before}, at most {@code
   * limit}.
   */
  public record Criteria(Filter filter, long after, long before, int limit) {}

  /** One audit event as the index holds it; {@code logIndex} names its entry in the log. */
  public record AuditRecord(
      long logIndex,
      Instant time,
      String actor,
      String actorDisplayName,
      List<String> actorRoles,
      String action,
      String outcome,
      String reason,
      String resourceType,
      String resourceId,
      String teamId,
      String datasetId,
      String datasetVersion,
      String objectKey,
      Long rangeFirst,
      Long rangeLast,
      Long bytesServed,
      String workspaceId,
      String requestId) {}

  @Transactional
  public List<AuditRecord> search(Criteria c) {
    return search(c, "order by log_index");
  }

  /** A page newest first: the entries just below {@code c.before()}, highest log index first. */
  @Transactional
  public List<AuditRecord> searchNewestFirst(Criteria c) {
    return search(c, "order by log_index desc");
  }

  private List<AuditRecord> search(Criteria c, String order) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(c, params);
    Query q =
        em.createNativeQuery(
            "select " + COLUMNS + " from audit_event" + where + " " + order + " limit :limit");
    params.forEach(q::setParameter);
    q.setParameter("limit", c.limit());
    @SuppressWarnings("unchecked")
    List<Object[]> rows = q.getResultList();
    List<AuditRecord> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      out.add(record(r));
    }
    return out;
  }

  /** How many entries match, counting no further than {@code c.limit()}. */
  @Transactional
  public long count(Criteria c) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(c, params);
    Query q =
        em.createNativeQuery(
            "select count(*) from (select 1 from audit_event" + where + " limit :limit) m");
    params.forEach(q::setParameter);
    q.setParameter("limit", c.limit());
    return ((Number) q.getSingleResult()).longValue();
  }

  private static String where(Criteria c, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder(" where log_index > :after and log_index < :before");
    params.put("after", c.after());
    params.put("before", c.before());
    Filter f = c.filter();
    add(sql, params, "actor", f.actor());
    add(sql, params, "action", f.action());
    add(sql, params, "outcome", f.outcome());
    add(sql, params, "dataset_id", f.datasetId());
    add(sql, params, "team_id", f.teamId());
    if (f.period().from() != null) {
      sql.append(" and event_time >= :from");
      params.put("from", Timestamp.from(f.period().from()));
    }
    if (f.period().to() != null) {
      sql.append(" and event_time < :to");
      params.put("to", Timestamp.from(f.period().to()));
    }
    return sql.toString();
  }

  private static void add(StringBuilder sql, Map<String, Object> params, String column, String v) {
    if (v != null && !v.isBlank()) {
      sql.append(" and ").append(column).append(" = :").append(column);
      params.put(column, v);
    }
  }

  private static AuditRecord record(Object[] r) {
    String roles = (String) r[4];
    return new AuditRecord(
        ((Number) r[0]).longValue(),
        NativeValues.instant(r[1]),
        (String) r[2],
        (String) r[3],
        roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
        (String) r[5],
        (String) r[6],
        (String) r[7],
        (String) r[8],
        (String) r[9],
        (String) r[10],
        (String) r[11],
        (String) r[12],
        (String) r[13],
        longOrNull(r[14]),
        longOrNull(r[15]),
        longOrNull(r[16]),
        (String) r[17],
        (String) r[18]);
  }

  private static Long longOrNull(Object v) {
    return v == null ? null : ((Number) v).longValue();
  }
}
