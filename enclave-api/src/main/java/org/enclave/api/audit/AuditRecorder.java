package org.enclave.api.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.AuditSink;

/**
 * Builds audit events from the caller and the request, and hands them to the {@link AuditSink}.
 * Allowed actions are recorded in the caller's transaction; denials in a transaction of their own,
 * so that they survive the rollback of the refused action.
 */
@ApplicationScoped
public class AuditRecorder {
  @Inject AuditSink sink;
  @Inject RequestIds requestIds;
  @Inject Clock clock;

  /**
   * A resource an action concerns: its type, id, and the team, dataset and workspace it belongs to.
   */
  public record Target(String type, String id, UUID team, UUID dataset, String workspace) {
    public Target(String type, String id, UUID team, UUID dataset) {
      this(type, id, team, dataset, null);
    }

    public static Target of(String type, Object id) {
      return new Target(type, id == null ? null : id.toString(), null, null, null);
    }

    public Target team(UUID teamId) {
      return new Target(type, id, teamId, dataset, workspace);
    }

    public Target dataset(UUID datasetId) {
      return new Target(type, id, team, datasetId, workspace);
    }

    public Target workspace(String workspaceId) {
      return new Target(type, id, team, dataset, workspaceId);
    }
  }

  /**
   * Records an allowed action; returns once it is durable, and throws (fail closed) if it is not.
   *
   * @return the event's index in the log
   */
  public long allowed(EnclavePrincipal who, String action, Target target, String reason) {
    return sink.append(event(who, action, AuditOutcome.ALLOW, target, reason));
  }

  /**
   * Records an action that was allowed but did not succeed (a workspace that did not start, say),
   * in the caller's transaction; fails closed like {@link #allowed}.
   */
  public long failed(EnclavePrincipal who, String action, Target target, String reason) {
    return sink.append(event(who, action, AuditOutcome.ERROR, target, reason));
  }

  public void denied(EnclavePrincipal who, String action, Target target, String reason) {
    appendDenial(event(who, action, AuditOutcome.DENY, target, reason));
  }

  /**
   * A denial decided on an I/O thread, before the request reached a worker: the event is built here
   * and appended on a worker thread.
   */
  public Uni<Void> deniedOffThread(
      EnclavePrincipal who, String action, Target target, String reason) {
    AuditEvent event = event(who, action, AuditOutcome.DENY, target, reason);
    return Uni.createFrom()
        .<Void>item(
            () -> {
              appendDenial(event);
              return null;
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private void appendDenial(AuditEvent event) {
    QuarkusTransaction.requiringNew().run(() -> sink.append(event));
  }

  private AuditEvent event(
      EnclavePrincipal who, String action, AuditOutcome outcome, Target t, String reason) {
    Target target = t == null ? new Target(null, null, null, null) : t;
    return new AuditEvent(
        Instant.now(clock),
        who.username(),
        who.isAnonymous() ? null : who.displayName(),
        who.roleNames(),
        action,
        outcome,
        reason,
        target.type(),
        target.id(),
        target.team() == null ? null : target.team().toString(),
        target.dataset() == null ? null : target.dataset().toString(),
        null,
        null,
        null,
        null,
        null,
        target.workspace(),
        requestIds.current());
  }
}
