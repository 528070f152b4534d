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
import org.enclave.api.governance.persistence.NativeValues;

/** Searches the audit table, oldest first, in pages keyed by sequence number. */
@ApplicationScoped
public class AuditQueryService {
  @Inject EntityManager em;

  /** Search criteria; null fields do not restrict. */
  public record Criteria(
      String actor,
      String action,
      String outcome,
      String datasetId,
      String teamId,
      Instant from,
      Instant to,
      long afterSeq,
      int limit) {}

  public record AuditRecord(
      long seq,
      Instant time,
      String actor,
      List<String> actorRoles,
      String action,
      String outcome,
      String reason,
      String resourceType,
      String resourceId,
      String teamId,
      String datasetId,
      String requestId) {}

  @Transactional
  public List<AuditRecord> search(Criteria c) {
    StringBuilder sql =
        new StringBuilder(
            "select seq, event_time, actor, actor_roles, action, outcome, reason, resource_type,"
                + " resource_id, team_id, dataset_id, request_id from audit_event where seq > :after");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("after", c.afterSeq());
    add(sql, params, "actor", c.actor());
    add(sql, params, "action", c.action());
    add(sql, params, "outcome", c.outcome());
    add(sql, params, "dataset_id", c.datasetId());
    add(sql, params, "team_id", c.teamId());
    if (c.from() != null) {
      sql.append(" and event_time >= :from");
      params.put("from", Timestamp.from(c.from()));
    }
    if (c.to() != null) {
      sql.append(" and event_time < :to");
      params.put("to", Timestamp.from(c.to()));
    }
    sql.append(" order by seq limit :limit");
    params.put("limit", c.limit());
    Query q = em.createNativeQuery(sql.toString());
    params.forEach(q::setParameter);
    @SuppressWarnings("unchecked")
    List<Object[]> rows = q.getResultList();
    List<AuditRecord> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      String roles = (String) r[3];
      out.add(
          new AuditRecord(
              ((Number) r[0]).longValue() - 1,
              NativeValues.instant(r[1]),
              (String) r[2],
              roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
              (String) r[4],
              (String) r[5],
              (String) r[6],
              (String) r[7],
              (String) r[8],
              (String) r[9],
              (String) r[10],
              (String) r[11]));
    }
    return out;
  }

  private static void add(StringBuilder sql, Map<String, Object> params, String column, String v) {
    if (v != null && !v.isBlank()) {
      sql.append(" and ").append(column).append(" = :").append(column);
      params.put(column, v);
    }
  }
}
