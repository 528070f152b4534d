package org.enclave.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One audited action: who did what to which resource, whether it was allowed, and for data reads
 * exactly which bytes were served. Its leaf in the log is the canonical JSON of {@link
 * AuditEventCodec}.
 *
 * @param time when the action was decided
 * @param actor subject of the caller ({@code anonymous} when unauthenticated)
 * @param actorDisplayName the caller's display name, or {@code null}
 * @param actorRoles the caller's roles at the time of the action
 * @param action stable action name, for example {@code access-request.approve}
 * @param outcome allow, deny or error
 * @param reason why the outcome is what it is (free text, never secrets or data)
 * @param resourceType type of the resource acted on, for example {@code dataset}
 * @param resourceId id of the resource acted on, or {@code null}
 * @param teamId team the action concerns, or {@code null}
 * @param datasetId dataset the action concerns, or {@code null}
 * @param datasetVersion dataset version the action concerns, or {@code null}
 * @param objectKey object (file path) read or written, or {@code null}
 * @param rangeFirst first byte of a ranged read (inclusive), or {@code null}
 * @param rangeLast last byte of a ranged read (inclusive), or {@code null}
 * @param bytesServed bytes sent to the caller, or {@code null}
 * @param workspaceId workspace the request came from, or {@code null}
 * @param requestId correlation id of the HTTP request, or {@code null}
 */
public record AuditEvent(
    Instant time,
    String actor,
    String actorDisplayName,
    List<String> actorRoles,
    String action,
    AuditOutcome outcome,
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
    String requestId) {

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    actorRoles = actorRoles == null ? List.of() : List.copyOf(actorRoles);
    if ((rangeFirst == null) != (rangeLast == null)) {
      throw new IllegalArgumentException("a byte range has both ends or neither");
    }
    if (rangeFirst != null && (rangeFirst < 0 || rangeLast < rangeFirst)) {
      throw new IllegalArgumentException("byte range must satisfy 0 <= first <= last");
    }
    if (bytesServed != null && bytesServed < 0) {
      throw new IllegalArgumentException("bytes served cannot be negative");
    }
  }

  /** A governance event: no data read, no workspace. */
  public AuditEvent(
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
    this(
        time,
        actor,
        null,
        actorRoles,
        action,
        outcome,
        reason,
        resourceType,
        resourceId,
        teamId,
        datasetId,
        null,
        null,
        null,
        null,
        null,
        null,
        requestId);
  }

  /** The same event with the caller's display name. */
  public AuditEvent withActorDisplayName(String displayName) {
    return new AuditEvent(
        time,
        actor,
        displayName,
        actorRoles,
        action,
        outcome,
        reason,
        resourceType,
        resourceId,
        teamId,
        datasetId,
        datasetVersion,
        objectKey,
        rangeFirst,
        rangeLast,
        bytesServed,
        workspaceId,
        requestId);
  }
}
