package org.enclave.api.sharedtask.model;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.governance.service.Names;
import org.enclave.api.sharedtask.scoring.Direction;

/** Requests and responses of the shared-task endpoints: tasks, phases, gold, suites. */
public final class TaskModels {
  private TaskModels() {}

  /** A task name: lower case, digits and dashes, as in {@code enclave submit NAME FILE}. */
  public static final String TASK_NAME = "[a-z0-9][a-z0-9-]{1,63}";

  /**
   * @param primaryMetric defaults to the suite's primary metric
   * @param direction must be the metric's own direction when given
   * @param scoreDecimals scores shown to participants are rounded to this many decimals
   * @param ladderStep ladder mode: see docs/shared-tasks.md; needs {@code countedSubmission=BEST}
   * @param organizers additional organizers besides the creating one
   */
  public record CreateTaskRequest(
      @NotBlank
          @Pattern(
              regexp = TASK_NAME,
              message = "must be 2-64 lower-case letters, digits or '-', like 'clpsych-2019-a'")
          String name,
      @NotBlank @Size(max = 200) String title,
      @NotNull @Size(max = 20000) String description,
      @NotNull UUID datasetId,
      @NotNull UUID versionId,
      @NotBlank @Size(max = 64) String suite,
      @Size(min = 1, max = 100) String primaryMetric,
      Direction direction,
      @NotNull TieRule tieRule,
      @NotNull CountedSubmission countedSubmission,
      @Min(0) @Max(12) Integer scoreDecimals,
      @DecimalMin(value = "0", inclusive = false) Double ladderStep,
      @Size(max = 20)
          List<
                  @NotNull
                  @Pattern(regexp = Names.USERNAME, message = "must be a user name like 'olga'")
                  String>
              organizers) {}

  public record TaskResponse(
      UUID id,
      String name,
      String title,
      String description,
      UUID datasetId,
      UUID versionId,
      String bucket,
      String suite,
      List<String> submissionFormats,
      String primaryMetric,
      Direction direction,
      TieRule tieRule,
      CountedSubmission countedSubmission,
      Integer scoreDecimals,
      Double ladderStep,
      List<String> organizers,
      List<PhaseResponse> phases,
      boolean goldUploaded,
      Boolean programUploaded,
      boolean baselineUploaded,
      int currentRun,
      Instant createdAt,
      String createdBy) {}

  /**
   * @param dailyLimit accepted submissions per team per UTC day (null: no limit)
   * @param totalLimit accepted submissions per team in the phase (null: no limit)
   */
  public record CreatePhaseRequest(
      @NotBlank
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}",
              message = "must be 1-64 letters, digits, spaces, '.', '_' or '-'")
          String name,
      @NotNull Instant startsAt,
      @NotNull Instant endsAt,
      @Min(1) @Max(100000) Integer dailyLimit,
      @Min(1) @Max(1000000) Integer totalLimit,
      @NotNull LeaderboardVisibility leaderboard) {}

  public record PhaseResponse(
      UUID id,
      String name,
      Instant startsAt,
      Instant endsAt,
      Integer dailyLimit,
      Integer totalLimit,
      LeaderboardVisibility leaderboard,
      Instant revealedAt,
      String revealedBy,
      boolean open) {}

  /**
   * Metadata of one gold upload; the bytes are never returned.
   *
   * @param itemCount users in the gold; null for a task scored by a program (opaque to Enclave)
   */
  public record GoldResponse(
      int version,
      long sizeBytes,
      String sha256,
      Integer itemCount,
      String note,
      Instant uploadedAt,
      String uploadedBy) {}

  /**
   * A gold upload and the scoring run it started (null for a task scored by a program that is not
   * uploaded yet).
   */
  public record GoldUploadResponse(GoldResponse gold, ScoringRunResponse run) {}

  /** Metadata of one scoring-program upload; the bytes are never returned. */
  public record ProgramResponse(
      int version,
      String kind,
      String fileName,
      long sizeBytes,
      String sha256,
      int timeLimitSeconds,
      int memoryMiB,
      String note,
      Instant uploadedAt,
      String uploadedBy) {}

  /** A scoring-program upload and the scoring run it started (null until the gold is uploaded). */
  public record ProgramUploadResponse(ProgramResponse program, ScoringRunResponse run) {}

  public record RescoreRequest(@NotBlank @Size(max = 500) String reason) {}

  /**
   * @param programVersion the scoring program's version (null for a built-in suite)
   */
  public record ScoringRunResponse(
      int run,
      int goldVersion,
      Integer programVersion,
      String reason,
      Instant startedAt,
      String startedBy,
      long scored,
      long failed,
      boolean current) {}

  public record MetricSuiteResponse(
      String name,
      String description,
      List<String> submissionFormats,
      String primaryMetric,
      List<MetricResponse> metrics) {}

  public record MetricResponse(String name, Direction direction, Double best, String description) {}
}
