package org.enclave.api.error;

/**
 * Every failure the API reports, with its HTTP status and a stable code that clients may rely on.
 * Codes never change meaning; new failures get new codes.
 */
public enum ErrorCode {
  MALFORMED_JSON(400, "malformed-json", "Request body is not valid JSON"),
  UNKNOWN_FIELD(400, "unknown-field", "Request body has a field this endpoint does not accept"),
  INVALID_FIELD_TYPE(400, "invalid-field-type", "A field has the wrong type"),
  VALIDATION_FAILED(400, "validation-failed", "Request is invalid"),
  INVALID_FILE_NAME(400, "invalid-file-name", "File name is not allowed"),
  BAD_REQUEST(400, "bad-request", "Bad request"),
  INVALID_SESSION_PATH(
      400, "invalid-session-path", "The path does not name one workspace's session unambiguously"),
  UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
  FORBIDDEN(403, "forbidden", "Not allowed"),
  CONFLICT_OF_INTEREST(403, "conflict-of-interest", "Decision by an interested party"),
  DOWNLOAD_REFUSED(403, "download-refused", "Files leave a workspace through a reviewed export"),
  CROSS_ORIGIN_REFUSED(403, "cross-origin-refused", "Request from another site refused"),
  SESSION_CLOSED(403, "session-closed", "The session has ended"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Cannot produce the requested media type"),
  ALREADY_EXISTS(409, "already-exists", "Already exists"),
  REQUEST_ALREADY_DECIDED(409, "request-already-decided", "Access request already decided"),
  VERSION_IMMUTABLE(409, "version-immutable", "Published versions cannot change"),
  VERSION_NOT_PUBLISHED(409, "version-not-published", "Version is not published"),
  AGREEMENT_NOT_ACCEPTED(409, "agreement-not-accepted", "Data use agreement not accepted"),
  AGREEMENT_NOT_CURRENT(409, "agreement-not-current", "Not the current data use agreement"),
  NO_AGREEMENT(409, "no-agreement", "Dataset has no data use agreement"),
  GRANT_NOT_ACTIVE(409, "grant-not-active", "Grant is no longer active"),
  STATE_CONFLICT(409, "state-conflict", "Conflicting state"),
  INVALID_WORKSPACE_STATE(
      409, "invalid-workspace-state", "The workspace's state does not allow this"),
  WORKSPACE_LIMIT_REACHED(
      409, "workspace-limit-reached", "The team runs as many workspaces as it may"),
  EXPORT_FILE_CHANGED(
      409, "export-file-changed", "The staged file is not the one the request names"),
  ALREADY_REVIEWED(409, "already-reviewed", "This reviewer already decided the export request"),
  EXPORT_ALREADY_DECIDED(
      409, "export-already-decided", "The export request is no longer open for review"),
  FINDINGS_NOT_ACKNOWLEDGED(
      409,
      "findings-not-acknowledged",
      "Each finding needs a reason before the export is approved"),
  PHASE_NOT_OPEN(409, "phase-not-open", "No phase of the task is open for submissions"),
  PHASE_OVERLAP(409, "phase-overlap", "Phases of a task must not overlap"),
  GOLD_MISSING(409, "gold-missing", "The task has no gold labels yet"),
  PROGRAM_MISSING(409, "scoring-program-missing", "The task has no scoring program yet"),
  CHOICE_NOT_ALLOWED(409, "choice-not-allowed", "The task does not let teams choose"),
  UNSUPPORTED_FORMAT(400, "unsupported-format", "The task does not take this file format"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  GOLD_REJECTED(422, "gold-rejected", "The gold labels were rejected"),
  SUBMISSION_REJECTED(422, "submission-rejected", "The submission was rejected"),
  PROGRAM_REJECTED(422, "scoring-program-rejected", "The scoring program was rejected"),
  SUBMISSION_LIMIT_REACHED(
      429, "submission-limit-reached", "The team has used its submissions for now"),
  INTERNAL(500, "internal-error", "Internal error"),
  SESSION_UNAVAILABLE(
      502, "session-unavailable", "The workspace's notebook server does not answer"),
  WORKSPACE_START_FAILED(500, "workspace-start-failed", "The workspace did not start"),
  WORKSPACE_MISCONFIGURED(
      500,
      "workspace-misconfigured",
      "The cloud account lacks what workspaces are configured to use"),
  WORKSPACE_CAPACITY(
      503, "workspace-capacity", "The cloud has no capacity for this workspace size right now"),
  WORKSPACE_QUOTA(503, "workspace-quota", "The cloud account's quota allows no more workspaces"),
  WORKSPACE_THROTTLED(503, "workspace-throttled", "The cloud throttled the workspace's start"),
  AUDIT_UNAVAILABLE(503, "audit-unavailable", "Audit log unavailable; action refused"),
  SCORING_PROGRAMS_UNAVAILABLE(
      503, "scoring-programs-unavailable", "Scoring programs cannot run on this control plane"),
  WORKSPACES_UNAVAILABLE(
      503, "workspaces-unavailable", "Workspaces cannot run on this control plane's host");

  private final int status;
  private final String code;
  private final String title;

  ErrorCode(int status, String code, String title) {
    this.status = status;
    this.code = code;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }
}
