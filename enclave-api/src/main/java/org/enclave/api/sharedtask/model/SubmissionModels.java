package org.enclave.api.sharedtask.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.sharedtask.scoring.Direction;

/** Responses about submissions, their scores and leaderboards. */
public final class SubmissionModels {
  private SubmissionModels() {}

  /**
   * A submission as the caller may see it.
   *
   * @param score its score in the task's current scoring run, as the caller may see it
   * @param history every run's score (organizers only; empty for others)
   * @param quota the team's use of the phase's limits after this submission (on submit only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubmissionResponse(
      UUID id,
      UUID taskId,
      UUID phaseId,
      String phaseName,
      UUID teamId,
      String teamName,
      boolean baseline,
      String workspaceId,
      String submittedBy,
      Instant submittedAt,
      String fileName,
      String format,
      long sizeBytes,
      String sha256,
      boolean chosen,
      ScoreView score,
      List<ScoreView> history,
      QuotaView quota) {}

  /**
   * One run's score of a submission.
   *
   * @param status {@code SCORED}, {@code FAILED} (did not validate against that run's gold, or the
   *     task's scoring program failed), or {@code WITHHELD} (hidden from the caller until the phase
   *     is revealed)
   * @param primaryValue the primary metric as shown to the caller (rounded, or the ladder value)
   * @param improved ladder mode: whether this submission moved the team's shown score
   * @param metrics every metric as the caller may see it (only the primary one in ladder mode)
   * @param programLog what the task's scoring program printed (its last 64 KiB), for organizers
   *     only: a program may print the gold
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScoreView(
      int run,
      String status,
      String primaryMetric,
      Double primaryValue,
      Boolean improved,
      List<MetricView> metrics,
      String detail,
      Instant scoredAt,
      String programLog) {}

  /** A metric's value (null when undefined, with a note saying why) and its best value. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MetricView(String name, Double value, Double best, String note) {}

  /** A team's use of a phase's limits; a limit of null means none. */
  public record QuotaView(
      long usedToday, Integer dailyLimit, long usedInPhase, Integer totalLimit) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LeaderboardResponse(
      UUID taskId,
      UUID phaseId,
      String phaseName,
      LeaderboardVisibility visibility,
      Instant revealedAt,
      int run,
      String primaryMetric,
      Direction direction,
      TieRule tieRule,
      CountedSubmission countedSubmission,
      Integer scoreDecimals,
      Double ladderStep,
      List<LeaderboardEntry> entries) {}

  /**
   * One row: a team's counted submission (or the baseline, which has no rank).
   *
   * @param score the primary metric as participants see it (rounded, or the ladder value); ranks
   *     follow it
   * @param exactScore the unrounded value (organizers only)
   * @param submissions the team's accepted submissions in the phase
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LeaderboardEntry(
      Integer rank,
      UUID teamId,
      String teamName,
      boolean baseline,
      UUID submissionId,
      Instant submittedAt,
      Double score,
      Double exactScore,
      Integer submissions) {}

  /** A problem found in a submitted or gold file, for a person to fix. */
  public record FileProblem(
      String code, String detail, long count, boolean truncated, List<Occurrence> occurrences) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Occurrence(Long line, String userId, String postId, String value) {}
}
