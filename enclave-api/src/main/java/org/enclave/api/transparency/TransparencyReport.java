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
   * What left the enclave through reviewed exports.
   *
   * @param recorded false until this control plane records exports; {@code items} is then empty
   * @param note what {@code recorded} means for this report
   */
  public record Exports(boolean recorded, String note, List<Export> items) {}

  /**
   * One reviewed export of results derived from the dataset.
   *
   * @param exportId the export request
   * @param requestedBy who asked for it
   * @param files what left, each with its size and SHA-256
   * @param totalBytes sum of the files' sizes
   * @param reviewedBy the steward who reviewed it
   * @param decision {@code APPROVED} or {@code REJECTED}
   * @param releasedAt when the files were released, or {@code null} if they were not
   * @param logIndex the log entry that records the decision
   */
  public record Export(
      UUID exportId,
      UUID teamId,
      String teamName,
      String requestedBy,
      Instant requestedAt,
      List<ExportedFile> files,
      long totalBytes,
      String reviewedBy,
      Instant reviewedAt,
      String decision,
      String decisionReason,
      Instant releasedAt,
      long logIndex) {}

  /** One file of an export. */
  public record ExportedFile(String path, long sizeBytes, String sha256) {}
}
