package org.enclave.api.sharedtask.scoring.submission;

import java.util.Objects;

/**
 * What reading a file gives: the parsed value when the file was accepted, else the report of every
 * problem (and no value: a rejected file is rejected whole).
 */
public final class ParseResult<T> {

  private final T value;
  private final ValidationReport report;

  private ParseResult(T value, ValidationReport report) {
    this.value = value;
    this.report = Objects.requireNonNull(report);
  }

  public static <T> ParseResult<T> accepted(T value) {
    return new ParseResult<>(
        Objects.requireNonNull(value), new ValidationReport(java.util.List.of()));
  }

  public static <T> ParseResult<T> rejected(ValidationReport report) {
    if (report.accepted()) {
      throw new IllegalArgumentException("a rejection needs at least one problem");
    }
    return new ParseResult<>(null, report);
  }

  public boolean accepted() {
    return value != null;
  }

  public ValidationReport report() {
    return report;
  }

  /** The parsed value; throws {@link IllegalStateException} when the file was rejected. */
  public T value() {
    if (value == null) {
      throw new IllegalStateException("file was rejected: " + report.summary());
    }
    return value;
  }
}
