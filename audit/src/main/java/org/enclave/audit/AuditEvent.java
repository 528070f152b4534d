package org.enclave.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One audited action: who did what to which resource, and whether it was allowed.
 *
 * @param time when the action was decided
 * @param actor subject of the caller ({@code anonymous} when unauthenticated)
 * @param actorRoles the caller's roles at the time of the action
 * @param action stable action name, for example {@code access-request.approve}
 * @param outcome allow, deny or error
 * @param reason why the outcome is what it is (free text, never secrets or data)
 * @param resourceType type of the resource acted on, for example {@code dataset}
 * @param resourceId id of the resource acted on, or {@code null}
 * @param teamId team the action concerns, or {@code null}
 * @param datasetId dataset the action concerns, or {@code null}
 * @param requestId correlation id of the HTTP request, or {@code null}
 */
public record AuditEvent(
    Instant time,
    String actor,
    List<String> actorRoles,
    String action,
    AuditOutcome outcome,
    String reason,
    String resourceType,
    String resourceId,
    String teamId,
    String datasetId,
    String requestId) {

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    actorRoles = actorRoles == null ? List.of() : List.copyOf(actorRoles);
  }
}
