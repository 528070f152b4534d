package org.enclave.api.sharedtask.scoring.submission;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.enclave.api.sharedtask.scoring.io.IdIndex;
import org.enclave.api.sharedtask.scoring.io.TsvScanner;

/**
 * Reads classification gold ({@code user_id<TAB>label}) and submissions ({@code
 * user_id<TAB>label<TAB>score}), streaming; see docs/shared-task-formats.md. The first line is a
 * header when its first field is {@code user_id}, and must then name exactly the columns.
 */
public final class ClassificationTsv {

  static final String GOLD_HEADER = "user_id\tlabel";
  static final String SUBMISSION_HEADER = "user_id\tlabel\tscore";
  private static final byte[] USER_ID = "user_id".getBytes(StandardCharsets.US_ASCII);

  private ClassificationTsv() {}

  public static ParseResult<ClassificationGold> readGold(
      InputStream in, LabelSet labelSet, ParseLimits limits) {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    TsvScanner t = new TsvScanner(in, limits, problems);
    IdIndex users = new IdIndex();
    byte[] labels = new byte[1024];
    long rows = 0;
    boolean headerSeen = false;
    while (t.next()) {
      if (rows == 0 && !headerSeen && isHeader(t)) {
        headerSeen = true;
        if (!t.line().equals(GOLD_HEADER)) {
          Fields.badHeader(t, problems, GOLD_HEADER.replace("\t", "<TAB>"));
        }
        continue;
      }
      if (Fields.tooManyRows(++rows, limits, t, problems)) {
        break;
      }
      if (t.fieldCount() != 2) {
        Fields.columns(t, problems, "2: user_id<TAB>label");
        continue;
      }
      if (!Fields.id(t, 0, problems, -1)) {
        continue;
      }
      int label = labelSet.indexOf(t.bytes(), t.start(1), t.end(1));
      if (label < 0) {
        problems.add(
            ProblemCode.INVALID_LABEL,
            "labels must be one of: " + labelSet,
            t.lineNumber(),
            t.field(0),
            null,
            t.field(1));
        continue;
      }
      int index = users.add(t.bytes(), t.start(0), t.end(0));
      if (index < 0) {
        problems.add(
            ProblemCode.DUPLICATE_ID,
            "user ids listed more than once",
            t.lineNumber(),
            t.field(0),
            null);
        continue;
      }
      if (index >= labels.length) {
        labels = Arrays.copyOf(labels, labels.length * 2);
      }
      labels[index] = (byte) label;
    }
    if (rows == 0 && !t.stopped()) {
      Fields.empty(problems);
    }
    if (!problems.isEmpty()) {
      return ParseResult.rejected(problems.report());
    }
    users.trim();
    return ParseResult.accepted(
        new ClassificationGold(users, labelSet, Arrays.copyOf(labels, users.size())));
  }

  /**
   * Reads a submission against the gold. With {@code scoreRequired} false, rows may also have two
   * columns (no score); a score that is there must still be valid.
   */
  public static ParseResult<ClassificationSubmission> readSubmission(
      InputStream in, ClassificationGold gold, boolean scoreRequired, ParseLimits limits) {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    TsvScanner t = new TsvScanner(in, limits, problems);
    int n = gold.size();
    byte[] labels = new byte[n];
    double[] scores = new double[n];
    long[] seen = new long[(n + 63) >>> 6];
    LabelSet labelSet = gold.labelSet();
    String columns =
        scoreRequired ? "3: user_id<TAB>label<TAB>score" : "2 or 3: user_id<TAB>label[<TAB>score]";
    long rows = 0;
    boolean headerSeen = false;
    while (t.next()) {
      if (rows == 0 && !headerSeen && isHeader(t)) {
        headerSeen = true;
        String line = t.line();
        if (!line.equals(SUBMISSION_HEADER) && (scoreRequired || !line.equals(GOLD_HEADER))) {
          Fields.badHeader(t, problems, SUBMISSION_HEADER.replace("\t", "<TAB>"));
        }
        continue;
      }
      if (Fields.tooManyRows(++rows, limits, t, problems)) {
        break;
      }
      int columnsHere = t.fieldCount();
      if (columnsHere != 3 && (scoreRequired || columnsHere != 2)) {
        Fields.columns(t, problems, columns);
        // A known user on a malformed row is not also reported missing.
        int user = gold.users().find(t.bytes(), t.start(0), t.end(0));
        if (user >= 0) {
          seen[user >>> 6] |= 1L << user;
        }
        continue;
      }
      if (!Fields.id(t, 0, problems, -1)) {
        continue;
      }
      int user = gold.users().find(t.bytes(), t.start(0), t.end(0));
      boolean ok = true;
      if (user < 0) {
        problems.add(
            ProblemCode.UNKNOWN_ID,
            "user ids that are not in this task's test set",
            t.lineNumber(),
            t.field(0),
            null);
        ok = false;
      } else if ((seen[user >>> 6] & (1L << user)) != 0) {
        problems.add(
            ProblemCode.DUPLICATE_ID,
            "user ids listed more than once",
            t.lineNumber(),
            t.field(0),
            null);
        ok = false;
      } else {
        seen[user >>> 6] |= 1L << user;
      }
      int label = labelSet.indexOf(t.bytes(), t.start(1), t.end(1));
      if (label < 0) {
        problems.add(
            ProblemCode.INVALID_LABEL,
            "labels must be one of: " + labelSet,
            t.lineNumber(),
            t.field(0),
            null,
            t.field(1));
        ok = false;
      }
      double score = Double.NaN;
      if (columnsHere == 3) {
        score = Fields.score(t, 2, problems, t.field(0), null);
        ok &= !Double.isNaN(score);
      }
      if (ok) {
        labels[user] = (byte) label;
        scores[user] = score;
      }
    }
    if (rows == 0 && !t.stopped()) {
      Fields.empty(problems);
    }
    if (!t.stopped() && rows > 0) {
      Missing.report(seen, n, gold.users(), problems);
    }
    if (!problems.isEmpty()) {
      return ParseResult.rejected(problems.report());
    }
    return ParseResult.accepted(new ClassificationSubmission(labels, scores));
  }

  private static boolean isHeader(TsvScanner t) {
    return t.fieldEquals(0, USER_ID);
  }
}
