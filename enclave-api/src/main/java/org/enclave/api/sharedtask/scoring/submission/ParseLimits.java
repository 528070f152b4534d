package org.enclave.api.sharedtask.scoring.submission;

/**
 * Limits on one file: its size in bytes and its number of data rows (header excluded), and how many
 * occurrences of each problem kind a report lists (all are counted).
 */
public record ParseLimits(long maxBytes, long maxRows, int occurrencesPerProblem) {

  /** 1 GiB, 50 million rows, 100 listed occurrences per problem kind. */
  public static final ParseLimits DEFAULT = new ParseLimits(1L << 30, 50_000_000L, 100);

  public ParseLimits {
    if (maxBytes <= 0 || maxRows <= 0 || occurrencesPerProblem <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
