package org.enclave.api.security;

/** Every protected action. The {@link Authorizer} decides each one; audit records name them. */
public enum Operation {
  TEAM_CREATE("team.create"),
  TEAM_READ("team.read"),
  TEAM_MANAGE_MEMBERS("team.members.manage"),
  DATASET_REGISTER("dataset.register"),
  DATASET_MANAGE("dataset.manage"),
  DATASET_READ_READERS("dataset.readers.read"),
  DATASET_INGEST("dataset.ingest"),
  AGREEMENT_PUBLISH("agreement.publish"),
  AGREEMENT_ACCEPT("agreement.accept"),
  AGREEMENT_READ_ACCEPTANCES("agreement.acceptances.read"),
  ACCESS_REQUEST_CREATE("access-request.create"),
  ACCESS_REQUEST_READ("access-request.read"),
  ACCESS_REQUEST_DECIDE("access-request.decide"),
  GRANT_READ("grant.read"),
  GRANT_REVOKE("grant.revoke"),
  AUDIT_READ("audit.read"),
  AUDIT_EXPORT("audit.export"),
  DATASET_TRANSPARENCY_REPORT("dataset.transparency-report"),
  WORKSPACE_CREATE("workspace.create"),
  WORKSPACE_READ("workspace.read"),
  WORKSPACE_START("workspace.start"),
  WORKSPACE_STOP("workspace.stop"),
  WORKSPACE_TERMINATE("workspace.terminate"),
  TASK_CREATE("task.create"),
  TASK_MANAGE("task.manage"),
  TASK_INSPECT("task.inspect"),
  SUBMISSION_CREATE("task.submission.create"),
  SUBMISSION_READ("task.submission.read"),
  SUBMISSION_CHOOSE("task.submission.choose"),
  LEADERBOARD_READ("task.leaderboard.read"),
  LEADERBOARD_READ_PUBLISHED("task.leaderboard.read-published"),
  SESSION_OPEN("session.open"),
  EXPORT_REQUEST("export.request"),
  EXPORT_READ("export.read"),
  EXPORT_WITHDRAW("export.withdraw"),
  EXPORT_REVIEW("export.review"),
  /** A reviewer looks at a request's files. */
  EXPORT_INSPECT("export.inspect"),
  EXPORT_DOWNLOAD("export.download");

  private final String action;

  Operation(String action) {
    this.action = action;
  }

  /** The stable name used in audit records. */
  public String action() {
    return action;
  }
}
