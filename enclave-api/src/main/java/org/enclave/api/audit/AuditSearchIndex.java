package org.enclave.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import org.enclave.audit.AuditEvent;

/**
 * The searchable projection of the audit log: one {@code audit_event} row per log entry, keyed by
 * its log index ({@code seq = index + 1}), with the columns searches filter on. The log is the
 * record; this table only makes it searchable, and is rebuilt from the log where it lags ({@link
 * AuditIndexCatchUp}).
 */
@ApplicationScoped
public class AuditSearchIndex {
  private static final String INSERT =
      """
      insert into audit_event (seq, event_time, actor, actor_roles, action, outcome, reason,
                               resource_type, resource_id, team_id, dataset_id, request_id)
      values (:seq, :time, :actor, :roles, :action, :outcome, :reason,
              :resourceType, :resourceId, :teamId, :datasetId, :requestId)
      on conflict (seq) do nothing
      """;

  @Inject EntityManager em;

  /** Indexes the entry at {@code logIndex}, once (a second call for the same index is ignored). */
  public void index(long logIndex, AuditEvent e) {
    em.createNativeQuery(INSERT)
        .setParameter("seq", logIndex + 1)
        .setParameter("time", Timestamp.from(e.time()))
        .setParameter("actor", e.actor())
        .setParameter("roles", String.join(",", e.actorRoles()))
        .setParameter("action", e.action())
        .setParameter("outcome", e.outcome().name())
        .setParameter("reason", e.reason())
        .setParameter("resourceType", e.resourceType())
        .setParameter("resourceId", e.resourceId())
        .setParameter("teamId", e.teamId())
        .setParameter("datasetId", e.datasetId())
        .setParameter("requestId", e.requestId())
        .executeUpdate();
  }

  /** Number of log entries indexed so far (entries are indexed in order, without gaps). */
  public long indexedSize() {
    Number max =
        (Number)
            em.createNativeQuery("select coalesce(max(seq), 0) from audit_event").getSingleResult();
    return max.longValue();
  }
}
