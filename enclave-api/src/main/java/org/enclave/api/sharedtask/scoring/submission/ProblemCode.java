package org.enclave.api.sharedtask.scoring.submission;

/**
 * Every reason a gold or submission file can be rejected, with a stable string code that the API
 * later returns in {@code application/problem+json}. A file with any problem is rejected whole.
 */
public enum ProblemCode {
  /** The file has no bytes, or nothing but a header. */
  EMPTY_FILE("empty-file"),
  /** The file is larger than the byte limit; reading stopped there. */
  TOO_MANY_BYTES("too-many-bytes"),
  /** The file has more rows than the row limit; reading stopped there. */
  TOO_MANY_ROWS("too-many-rows"),
  /** Not UTF-8: malformed byte sequences, or a UTF-16/UTF-32 byte order mark. */
  NOT_UTF8("not-utf8"),
  /** A NUL byte: a binary file or a UTF-16 file without a byte order mark. */
  BINARY_CONTENT("binary-content"),
  /** The first line names columns, but not the expected ones in the expected order. */
  BAD_HEADER("bad-header"),
  /** A line longer than 1 MiB; reading stopped there. */
  LINE_TOO_LONG("line-too-long"),
  /** An empty line inside the file (only the final line break may end the file). */
  BLANK_LINE("blank-line"),
  /** A row with a different number of tab-separated columns than its kind requires. */
  WRONG_COLUMN_COUNT("wrong-column-count"),
  /** A row whose first column is not one of the row kinds of the format. */
  UNKNOWN_ROW_KIND("unknown-row-kind"),
  /** An id that is empty, too long, or contains whitespace or control characters. */
  INVALID_ID("invalid-id"),
  /** A label outside the task's label set. */
  INVALID_LABEL("invalid-label"),
  /** A score that is not a decimal number. */
  INVALID_SCORE("invalid-score"),
  /** A score that is NaN or infinite (or overflows to infinity). */
  NON_FINITE_SCORE("non-finite-score"),
  /** A gold value (grade, word count, stopping probability) outside its range. */
  INVALID_GOLD_VALUE("invalid-gold-value"),
  /** The same user id twice. */
  DUPLICATE_ID("duplicate-id"),
  /** A user id that is not in the gold labels. */
  UNKNOWN_ID("unknown-id"),
  /** A gold user id that the submission does not cover. */
  MISSING_ID("missing-id"),
  /** The same post twice for one user. */
  DUPLICATE_POST("duplicate-post"),
  /** A post that the gold labels do not list for that user. */
  UNKNOWN_POST("unknown-post"),
  /** A gold post of a user that the submission does not score. */
  MISSING_POST("missing-post"),
  /** A post row for a user that has no user row (TSV), or gold posts of a user not in the gold. */
  POST_WITHOUT_USER("post-without-user"),
  /** JSON that does not parse, or a document that is not shaped as the format says. */
  INVALID_JSON("invalid-json");

  private final String code;

  ProblemCode(String code) {
    this.code = code;
  }

  /** The stable code, e.g. {@code missing-id}. */
  public String code() {
    return code;
  }
}
