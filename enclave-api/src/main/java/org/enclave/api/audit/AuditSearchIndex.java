package org.enclave.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.List;
import org.enclave.audit.AuditEvent;

/**
 * The searchable projection of the audit log: one {@code audit_event} row per log entry, keyed by
 * its log index, with every field of the event. The log is the record; this table only makes it
 * searchable, and is rebuilt from the log where it lags ({@link AuditIndexCatchUp}).
 */
@ApplicationScoped
public class AuditSearchIndex {
  private static final String INSERT =
      """
      insert into audit_event (log_index, event_time, actor, actor_display_name, actor_roles,
                               action, outcome, reason, resource_type, resource_id, team_id,
                               dataset_id, dataset_version, object_key, range_first, range_last,
                               bytes_served, workspace_id, request_id)
      values (:logIndex, :time, :actor, :displayName, :roles,
              :action, :outcome, :reason, :resourceType, :resourceId, :teamId,
              :datasetId, :datasetVersion, :objectKey, cast(:rangeFirst as bigint),
              cast(:rangeLast as bigint), cast(:bytesServed as bigint), :workspaceId, :requestId)
      on conflict (log_index) do nothing
      """;

  private static final String MISSING =
      """
      select i from generate_series(cast(:from as bigint), cast(:size as bigint) - 1) i
       where not exists (select 1 from audit_event e where e.log_index = i)
       order by i limit :limit
      """;

  @Inject EntityManager em;

  /** Indexes the entry at {@code logIndex}, once (a second call for the same index is ignored). */
  public void index(long logIndex, AuditEvent e) {
    em.createNativeQuery(INSERT)
        .setParameter("logIndex", logIndex)
        .setParameter("time", Timestamp.from(e.time()))
        .setParameter("actor", e.actor())
        .setParameter("displayName", e.actorDisplayName())
        .setParameter("roles", String.join(",", e.actorRoles()))
        .setParameter("action", e.action())
        .setParameter("outcome", e.outcome().name())
        .setParameter("reason", e.reason())
        .setParameter("resourceType", e.resourceType())
        .setParameter("resourceId", e.resourceId())
        .setParameter("teamId", e.teamId())
        .setParameter("datasetId", e.datasetId())
        .setParameter("datasetVersion", e.datasetVersion())
        .setParameter("objectKey", e.objectKey())
        .setParameter("rangeFirst", e.rangeFirst())
        .setParameter("rangeLast", e.rangeLast())
        .setParameter("bytesServed", e.bytesServed())
        .setParameter("workspaceId", e.workspaceId())
        .setParameter("requestId", e.requestId())
        .executeUpdate();
  }

  /** One past the highest log index indexed so far (0 when the index is empty). */
  public long indexedSize() {
    Number max =
        (Number)
            em.createNativeQuery("select coalesce(max(log_index) + 1, 0) from audit_event")
                .getSingleResult();
    return max.longValue();
  }

  /**
   * Log indexes in {@code [from, size)} that have no row, smallest first, at most {@code limit}. An
   * entry can lack its row when indexing failed after the append, or while a concurrent append is
   * still between the two.
   */
  public List<Long> missing(long from, long size, int limit) {
    Number have =
        (Number)
            em.createNativeQuery(
                    "select count(*) from audit_event where log_index >= :from and log_index < :size")
                .setParameter("from", from)
                .setParameter("size", size)
                .getSingleResult();
    if (have.longValue() == size - from) {
      return List.of();
    }
    @SuppressWarnings("unchecked")
    List<Number> rows =
        em.createNativeQuery(MISSING)
            .setParameter("from", from)
            .setParameter("size", size)
            .setParameter("limit", limit)
            .getResultList();
    return rows.stream().map(Number::longValue).toList();
  }
}
