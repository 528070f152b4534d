package org.enclave.api.transparency;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What happened to one dataset: who was granted access, what each team read, who was refused, and
 * what left the enclave. Reads and refusals are computed from the audit log entries below {@code
 * checkpoint.treeSize}, so anyone with the log can recompute them and check them against the signed
 * checkpoint; grants come from the governance tables as they stand at {@code generatedAt}.
 *
 * @param from start of the reported period (inclusive), or {@code null} for the beginning
 * @param to end of the reported period (exclusive), or {@code null} for now
 * @param generationLogIndex the log entry that records the generation of this report
 * @param deniedAttemptsTotal number of denied attempts in the period; at most {@link
 *     TransparencyReportService#MAX_DENIED_LISTED} are listed
 */
public record TransparencyReport(
    UUID datasetId,
    String datasetName,
    Instant generatedAt,
    String generatedBy,
    Instant from,
    Instant to,
    LogCheckpoint checkpoint,
    long generationLogIndex,
    List<Grant> grants,
    List<TeamReads> reads,
    List<DeniedAttempt> deniedAttempts,
    long deniedAttemptsTotal,
    Exports exports) {

  /**
   * The signed checkpoint the report was computed against.
   *
   * @param treeSize the report covers log entries with index below this
   * @param signedNote the checkpoint as a C2SP signed note
   */
  public record LogCheckpoint(long treeSize, String signedNote) {}

  /** A grant of the dataset to a team that was live at some time in the period. */
  public record Grant(
      UUID grantId,
      UUID requestId,
      UUID teamId,
      String teamName,
      UUID versionId,
      String versionLabel,
      String grantedBy,
      Instant grantedAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedBy,
      String revokeReason) {}

  /**
   * Everything one team read.
   *
   * @param teamId the team, or {@code null} for reads recorded without one
   * @param readers user names that read, sorted
   * @param objectsRead distinct objects (version and key) read
   * @param reads number of reads (one per request served)
   */
  public record TeamReads(
      String teamId,
      String teamName,
      List<String> readers,
      long objectsRead,
      long reads,
      long bytesServed,
      Instant firstRead,
      Instant lastRead,
      List<ObjectReads> objects) {}

  /** How one object was read by one team. */
  public record ObjectReads(
      String datasetVersion,
      String objectKey,
      long reads,
      long bytesServed,
      Instant firstRead,
      Instant lastRead) {}

  /** One refused action about the dataset; {@code logIndex} is its entry in the log. */
  public record DeniedAttempt(
      long logIndex,
      Instant time,
      String actor,
      String actorDisplayName,
      String teamId,
      String action,
      String objectKey,
      String reason) {}

  /**
   * What left the enclave through reviewed exports: every request released in the period by a team
   * that was granted the dataset when it filed the request.
   *
   * @param recorded true: this control plane records every export
   * @param note what the list covers
   */
  public record Exports(boolean recorded, String note, List<Export> items) {}

  /**
   * One released export of a team granted the dataset.
   *
   * @param exportId the export request
   * @param requestedBy the member who filed it from a workspace
   * @param files what left, each with its size and SHA-256
   * @param totalBytes sum of the files' sizes
   * @param approvals the reviewers who approved it, in order (two, none of them on the team)
   * @param findings what the automated checks found, counted by rule
   * @param resubmits the returned request it replaces, if any
   * @param releasedAt when the second approval released it
   * @param logIndex the log entry that records the release
   */
  public record Export(
      UUID exportId,
      UUID teamId,
      String teamName,
      String requestedBy,
      Instant requestedAt,
      String justification,
      List<ExportedFile> files,
      long totalBytes,
      List<Approval> approvals,
      java.util.Map<String, Integer> findings,
      UUID resubmits,
      Instant releasedAt,
      long logIndex) {}

  /** A reviewer's approval of an export. */
  public record Approval(String reviewer, Instant approvedAt, String comment) {}

  /** One file of an export. */
  public record ExportedFile(String path, long sizeBytes, String sha256) {}
}
