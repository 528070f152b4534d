package org.enclave.api.ingest.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests and responses of the ingest endpoints: masking policy, quarantine, jobs, reports. */
public final class IngestModels {
  private IngestModels() {}

  /** A column name of a raw file. */
  private static final String COLUMN = "[^\\p{Cntrl}]{1,200}";

  /**
   * @param masked the entity types to mask (default: every type)
   * @param alwaysMasked terms masked wherever they appear (such as the posters' known names), each
   *     with the type it is masked as
   * @param neverMasked terms the named-entity model's findings are dropped for (common words it
   *     takes for names); patterns still mask them
   * @param dateShiftDays 0 for none; otherwise each user's timestamps move by a keyed number of
   *     days between -N and N (never 0), the same in every version
   * @param requireIngest whether the dataset's files may come only through ingest (default true)
   */
  public record PolicyRequest(
      @Size(max = 20) List<@NotBlank String> masked,
      @Size(max = 10000) Map<@NotBlank @Size(max = 200) String, @NotBlank String> alwaysMasked,
      @Size(max = 10000) List<@NotBlank @Size(max = 200) String> neverMasked,
      @Min(0) @Max(3650) Integer dateShiftDays,
      Boolean requireIngest) {}

  public record PolicyResponse(
      UUID datasetId,
      List<String> masked,
      Map<String, String> alwaysMasked,
      List<String> neverMasked,
      int dateShiftDays,
      boolean requireIngest,
      String policyHash,
      Instant updatedAt,
      String updatedBy) {}

  public record RawFileResponse(
      String path,
      long sizeBytes,
      String sha256,
      Instant uploadedAt,
      String uploadedBy,
      Instant deletedAt,
      String deletedBy) {}

  /**
   * Which column of the raw file is what. {@code user}, {@code post} and {@code body} are required.
   *
   * @param username the column with the poster's username when it differs from the user id; the
   *     username is dropped and, in text, replaced by the user's pseudonym
   * @param keep columns copied unchanged (such as a subreddit or a label)
   * @param text further free-text columns, masked like the body
   */
  public record ColumnMapping(
      @NotBlank @Pattern(regexp = COLUMN) String user,
      @NotBlank @Pattern(regexp = COLUMN) String post,
      @Pattern(regexp = COLUMN) String timestamp,
      @Pattern(regexp = COLUMN) String title,
      @NotBlank @Pattern(regexp = COLUMN) String body,
      @Pattern(regexp = COLUMN) String username,
      @Size(max = 100) List<@NotBlank @Pattern(regexp = COLUMN) String> keep,
      @Size(max = 20) List<@NotBlank @Pattern(regexp = COLUMN) String> text) {
    public ColumnMapping {
      keep = keep == null ? List.of() : List.copyOf(keep);
      text = text == null ? List.of() : List.copyOf(text);
    }
  }

  /**
   * @param raw the path of a raw file of the version
   * @param format jsonl, csv or tsv (csv and tsv with a header row)
   * @param output the path of the masked file in the version (JSON Lines)
   */
  public record StartRequest(
      @NotBlank @Size(max = 512) String raw,
      @NotBlank String format,
      @NotBlank @Size(max = 512) String output,
      @NotNull @Valid ColumnMapping columns) {}

  /**
   * @param rowsTotal rows in the raw file, once the first pass has counted them
   * @param rowsPerSecond masking rate since the job (re)started
   * @param etaSeconds estimated seconds to the end, while running
   */
  public record JobResponse(
      UUID id,
      UUID datasetId,
      UUID versionId,
      String raw,
      String format,
      String output,
      ColumnMapping columns,
      String state,
      Long rowsTotal,
      long rowsDone,
      long rowsRejected,
      Double rowsPerSecond,
      Long etaSeconds,
      String policyHash,
      String model,
      String failure,
      Instant startedAt,
      String startedBy,
      Instant finishedAt,
      boolean cancelRequested,
      String cancelledBy,
      Instant acceptedAt,
      String acceptedBy) {}

  /** A problem with one row (0: the file as a whole). */
  public record ProblemResponse(long row, String message) {}

  /** What the job masked, for the steward to review before accepting. */
  public record ReportResponse(
      UUID jobId,
      String state,
      String policyHash,
      String model,
      long rows,
      long rowsRejected,
      Map<String, Long> byType,
      Map<String, Long> byRule,
      List<Frequent> mostFrequent,
      List<Sample> sample,
      boolean rawDeleted,
      Instant acceptedAt,
      String acceptedBy) {}

  /** A masked string and how often it was masked (lower-cased). */
  public record Frequent(String text, String type, long count) {}

  /** One post before and after masking; {@code before} is gone once the raw file is deleted. */
  public record Sample(long row, Map<String, String> before, Map<String, String> after) {}
}
