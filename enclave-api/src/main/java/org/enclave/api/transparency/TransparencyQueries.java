package org.enclave.api.transparency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditActions;
import org.enclave.api.audit.Period;
import org.enclave.api.governance.persistence.NativeValues;
import org.enclave.api.transparency.TransparencyReport.DeniedAttempt;
import org.enclave.api.transparency.TransparencyReport.Grant;

/**
 * The report's queries: grants from the governance tables, reads and refusals from the audit index.
 * Audit queries see only entries below a log size, so that the report matches a checkpoint.
 */
@ApplicationScoped
public class TransparencyQueries {
  private static final String GRANTS =
      """
      select g.id, g.request_id, g.team_id, t.name, g.version_id, v.label, g.granted_by,
             g.granted_at, g.expires_at, g.revoked_at, g.revoked_by, g.revoke_reason
        from access_grant g
        join team t on t.id = g.team_id
        join dataset_version v on v.id = g.version_id
       where g.dataset_id = :dataset
      """;

  /** Reads of one object by one team, summed. */
  public record ObjectReadRow(
      String teamId,
      String teamName,
      String datasetVersion,
      String objectKey,
      long reads,
      long bytesServed,
      Instant firstRead,
      Instant lastRead) {}

  /** One user who read for one team. */
  public record ReaderRow(String teamId, String actor) {}

  @Inject EntityManager em;

  /** Grants of the dataset that were live at some time in the period, oldest first. */
  public List<Grant> grants(UUID datasetId, Period period) {
    StringBuilder sql = new StringBuilder(GRANTS);
    if (period.to() != null) {
      sql.append(" and g.granted_at < :to");
    }
    if (period.from() != null) {
      // least() skips nulls: a grant ends when it expires or, if earlier, when it is revoked.
      sql.append(" and least(g.expires_at, g.revoked_at) > :from");
    }
    sql.append(" order by g.granted_at, g.id");
    Query q = em.createNativeQuery(sql.toString()).setParameter("dataset", datasetId);
    bindPeriod(q, period);
    return rows(q).stream()
        .map(
            r ->
                new Grant(
                    (UUID) r[0],
                    (UUID) r[1],
                    (UUID) r[2],
                    (String) r[3],
                    (UUID) r[4],
                    (String) r[5],
                    (String) r[6],
                    NativeValues.instant(r[7]),
                    NativeValues.instant(r[8]),
                    r[9] == null ? null : NativeValues.instant(r[9]),
                    (String) r[10],
                    (String) r[11]))
        .toList();
  }

  /** Allowed reads, summed per team and object. */
  public List<ObjectReadRow> objectReads(UUID datasetId, Period period, long size) {
    Query q =
        events(
            "select e.team_id, t.name, e.dataset_version, e.object_key, count(*),"
                + " coalesce(sum(e.bytes_served), 0), min(e.event_time), max(e.event_time)"
                + " from audit_event e left join team t on cast(t.id as text) = e.team_id",
            " and e.outcome = 'ALLOW' and e.action = :read"
                + " group by e.team_id, t.name, e.dataset_version, e.object_key"
                + " order by t.name nulls last, e.team_id, e.object_key, e.dataset_version",
            datasetId,
            period,
            size);
    q.setParameter("read", AuditActions.DATASET_OBJECT_READ);
    return rows(q).stream()
        .map(
            r ->
                new ObjectReadRow(
                    (String) r[0],
                    (String) r[1],
                    (String) r[2],
                    (String) r[3],
                    ((Number) r[4]).longValue(),
                    ((Number) r[5]).longValue(),
                    NativeValues.instant(r[6]),
                    NativeValues.instant(r[7])))
        .toList();
  }

  /** Who read, per team. */
  public List<ReaderRow> readers(UUID datasetId, Period period, long size) {
    Query q =
        events(
            "select distinct e.team_id, e.actor from audit_event e",
            " and e.outcome = 'ALLOW' and e.action = :read order by e.team_id, e.actor",
            datasetId,
            period,
            size);
    q.setParameter("read", AuditActions.DATASET_OBJECT_READ);
    return rows(q).stream().map(r -> new ReaderRow((String) r[0], (String) r[1])).toList();
  }

  /** Refused actions about the dataset, in log order, at most {@code limit}. */
  public List<DeniedAttempt> denied(UUID datasetId, Period period, long size, int limit) {
    Query q =
        events(
            "select e.log_index, e.event_time, e.actor, e.actor_display_name, e.team_id,"
                + " e.action, e.object_key, e.reason from audit_event e",
            " and e.outcome = 'DENY' order by e.log_index limit :limit",
            datasetId,
            period,
            size);
    q.setParameter("limit", limit);
    return rows(q).stream()
        .map(
            r ->
                new DeniedAttempt(
                    ((Number) r[0]).longValue(),
                    NativeValues.instant(r[1]),
                    (String) r[2],
                    (String) r[3],
                    (String) r[4],
                    (String) r[5],
                    (String) r[6],
                    (String) r[7]))
        .toList();
  }

  public long deniedCount(UUID datasetId, Period period, long size) {
    Query q =
        events(
            "select count(*) from audit_event e",
            " and e.outcome = 'DENY'",
            datasetId,
            period,
            size);
    return ((Number) q.getSingleResult()).longValue();
  }

  /** A query over the dataset's audit entries below {@code size} in the period. */
  private Query events(String select, String rest, UUID datasetId, Period period, long size) {
    StringBuilder sql =
        new StringBuilder(select).append(" where e.dataset_id = :dataset and e.log_index < :size");
    if (period.from() != null) {
      sql.append(" and e.event_time >= :from");
    }
    if (period.to() != null) {
      sql.append(" and e.event_time < :to");
    }
    sql.append(rest);
    Query q =
        em.createNativeQuery(sql.toString())
            .setParameter("dataset", datasetId.toString())
            .setParameter("size", size);
    bindPeriod(q, period);
    return q;
  }

  /** The log entry that records the release of an export request, below the covered size. */
  public long releaseLogIndex(UUID exportId, long size) {
    List<?> found =
        em.createNativeQuery(
                "select e.log_index from audit_event e where e.action = 'export.released'"
                    + " and e.resource_type = 'export-request' and e.resource_id = :id"
                    + " and e.log_index < :size order by e.log_index limit 1")
            .setParameter("id", exportId.toString())
            .setParameter("size", size)
            .getResultList();
    return found.isEmpty() ? -1 : ((Number) found.get(0)).longValue();
  }

  private static void bindPeriod(Query q, Period period) {
    if (period.from() != null) {
      q.setParameter("from", Timestamp.from(period.from()));
    }
    if (period.to() != null) {
      q.setParameter("to", Timestamp.from(period.to()));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object[]> rows(Query q) {
    return q.getResultList();
  }
}
