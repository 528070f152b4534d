package org.enclave.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Timestamp;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditException;
import org.enclave.audit.AuditSink;

/**
 * Appends audit events to the {@code audit_event} table, which the database keeps append-only. Runs
 * in the caller's transaction: the event commits with the action it records, or neither does.
 */
@ApplicationScoped
public class DatabaseAuditSink implements AuditSink {
  private static final String INSERT =
      """
      insert into audit_event (event_time, actor, actor_roles, action, outcome, reason,
                               resource_type, resource_id, team_id, dataset_id, request_id)
      values (:time, :actor, :roles, :action, :outcome, :reason,
              :resourceType, :resourceId, :teamId, :datasetId, :requestId)
      returning seq
      """;

  @Inject EntityManager em;

  @Override
  public long append(AuditEvent e) {
    try {
      Object seq =
          em.createNativeQuery(INSERT)
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
              .getSingleResult();
      return ((Number) seq).longValue() - 1;
    } catch (PersistenceException ex) {
      throw new AuditException("audit event could not be stored", ex);
    }
  }
}
