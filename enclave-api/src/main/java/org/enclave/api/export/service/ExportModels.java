package org.enclave.api.export.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the export services answer. */
public final class ExportModels {
  private ExportModels() {}

  /** A file staged from a workspace, waiting for the request that names it. */
  public record StagedFile(
      UUID id, String name, long sizeBytes, String sha256, String kind, Instant expiresAt) {}

  /** One file of a request, as it was received. */
  public record ExportFile(UUID id, String name, long sizeBytes, String sha256, String kind) {}

  /**
   * An export request: its files, what the checks found, and its reviews.
   *
   * @param resubmits the returned request this one replaces, if any
   * @param datasetIds the datasets the team was granted when it filed the request
   * @param approvalsNeeded how many approvals by different reviewers release it
   * @param releasedAt when the second approval released it, or {@code null}
   */
  public record ExportView(
      UUID id,
      UUID teamId,
      String teamName,
      String workspaceId,
      String author,
      String justification,
      String state,
      Instant createdAt,
      Instant stateChangedAt,
      long totalBytes,
      List<ExportFile> files,
      List<ExportFinding> findings,
      UUID resubmits,
      List<UUID> datasetIds,
      List<ExportReview> reviews,
      int approvalsNeeded,
      Instant releasedAt) {

    /** Approvals given so far. */
    public long approvals() {
      return reviews.stream().filter(r -> r.decision().equals("approve")).count();
    }
  }

  /**
   * What a check found in one of the request's files: the rule, where (line and column from 1; 0
   * for a finding on the whole file), what it matched, and the dataset version, file and post it
   * occurs in. {@code mustAcknowledge}: every approving reviewer gives a reason for letting it
   * leave.
   */
  public record ExportFinding(
      UUID id,
      UUID fileId,
      String file,
      String rule,
      Integer page,
      int line,
      int column,
      String matched,
      UUID versionId,
      String corpusFile,
      String postId,
      boolean mustAcknowledge,
      List<Acknowledgement> acknowledgements) {}

  /** An approving reviewer's reason for letting a finding leave. */
  public record Acknowledgement(String reviewer, String reason) {}

  /** One reviewer's decision: {@code approve}, {@code reject} or {@code return}. */
  public record ExportReview(String reviewer, String decision, String comment, Instant decidedAt) {}

  /** A file a new request names: the staged file's id and the SHA-256 the client computed. */
  public record FileRef(UUID id, String sha256) {}

  /**
   * A request as a workspace files it.
   *
   * @param resubmits a returned request of the team that this one replaces, or {@code null}
   */
  public record NewRequest(String justification, List<FileRef> files, UUID resubmits) {}

  /**
   * A reviewer's decision.
   *
   * @param decision {@code approve}, {@code reject} or {@code return}
   * @param comment what the team reads; required to reject or return
   * @param acknowledgements for an approval: finding id → the reason it may leave, for every
   *     finding that must be acknowledged
   */
  public record ReviewCommand(
      String decision, String comment, Map<UUID, String> acknowledgements) {}
}
