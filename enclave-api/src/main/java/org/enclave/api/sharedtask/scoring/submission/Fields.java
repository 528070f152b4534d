package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.FastDouble;
import org.enclave.api.sharedtask.scoring.io.TsvScanner;

/** Field checks shared by the TSV readers; each records its problem and says whether it passed. */
final class Fields {

  static final String SCORE_RULE =
      "scores are decimal numbers such as 0.25, -3, 1e-5 (no spaces, no NaN or infinity)";

  private Fields() {}

  /** Checks the id in {@code field}; {@code userField} is where the row's user id is, or -1. */
  static boolean id(TsvScanner t, int field, ProblemCollector problems, int userField) {
    int len = t.length(field);
    if (t.plain()
        ? len > 0 && len <= Ids.MAX_BYTES
        : Ids.valid(t.bytes(), t.start(field), t.end(field))) {
      return true;
    }
    problems.add(
        ProblemCode.INVALID_ID,
        "invalid ids: " + Ids.RULE,
        t.lineNumber(),
        userField < 0 ? null : t.field(userField),
        null,
        t.field(field));
    return false;
  }

  /** The score in the field, or NaN after recording an invalid or non-finite score. */
  static double score(
      TsvScanner t, int field, ProblemCollector problems, String userId, String postId) {
    byte[] b = t.bytes();
    int from = t.start(field);
    int to = t.end(field);
    double v = FastDouble.parse(b, from, to);
    if (Double.isFinite(v)) {
      return v == 0 ? 0.0 : v; // -0.0 and 0.0 are one score
    }
    if (Double.isInfinite(v) || FastDouble.isNonFiniteSpelling(b, from, to)) {
      problems.add(
          ProblemCode.NON_FINITE_SCORE,
          "scores must be finite numbers (NaN and infinity are not scores)",
          t.lineNumber(),
          userId,
          postId,
          t.field(field));
    } else {
      problems.add(
          ProblemCode.INVALID_SCORE,
          "scores that are not numbers: " + SCORE_RULE,
          t.lineNumber(),
          userId,
          postId,
          t.field(field));
    }
    return Double.NaN;
  }

  static void columns(TsvScanner t, ProblemCollector problems, String expected) {
    problems.add(
        ProblemCode.WRONG_COLUMN_COUNT,
        "rows with the wrong number of tab-separated columns; expected " + expected,
        t.lineNumber(),
        null,
        null,
        t.line());
  }

  static boolean tooManyRows(long rows, ParseLimits limits, TsvScanner t, ProblemCollector p) {
    if (rows <= limits.maxRows()) {
      return false;
    }
    p.add(
        ProblemCode.TOO_MANY_ROWS,
        "the file has more than the limit of " + limits.maxRows() + " rows",
        t.lineNumber(),
        null,
        null);
    return true;
  }

  static void empty(ProblemCollector problems) {
    problems.add(ProblemCode.EMPTY_FILE, "the file has no rows", 0, null, null);
  }

  static void badHeader(TsvScanner t, ProblemCollector problems, String expected) {
    problems.add(
        ProblemCode.BAD_HEADER,
        "the first line is a header but not the expected one; expected exactly: " + expected,
        t.lineNumber(),
        null,
        null,
        t.line());
  }

  static void unknownKind(TsvScanner t, ProblemCollector problems) {
    problems.add(
        ProblemCode.UNKNOWN_ROW_KIND,
        "rows must start with 'user' or 'post'",
        t.lineNumber(),
        null,
        null,
        t.field(0));
  }
}
