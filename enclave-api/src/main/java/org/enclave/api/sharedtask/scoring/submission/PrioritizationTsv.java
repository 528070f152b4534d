package org.enclave.api.sharedtask.scoring.submission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;
import org.enclave.api.sharedtask.scoring.io.FastDouble;
import org.enclave.api.sharedtask.scoring.io.FileParts;
import org.enclave.api.sharedtask.scoring.io.IdIndex;
import org.enclave.api.sharedtask.scoring.io.StableSort;
import org.enclave.api.sharedtask.scoring.io.TsvScanner;

/**
 * Reads prioritization gold and TSV submissions (from a stream in one pass, or a submission file in
 * parallel parts: {@link PrioritizationTsvSubmission}); see docs/shared-task-formats.md. Each row
 * starts with its kind:
 *
 * <pre>
 * gold:        user TAB user_id TAB grade
 *              post TAB user_id TAB post_id TAB words TAB stop_probability
 * submission:  user TAB user_id TAB score
 *              post TAB user_id TAB post_id TAB score
 * </pre>
 *
 * Rows may come in any order. The first line is a header when its first field is {@code kind}, and
 * must then be exactly {@value #GOLD_HEADER_SHOWN} (gold) or {@value #SUBMISSION_HEADER_SHOWN}
 * (submission).
 */
public final class PrioritizationTsv {

  static final String GOLD_HEADER = "kind\tuser_id\tpost_id\twords\tstop_probability";
  static final String GOLD_HEADER_SHOWN =
      "kind<TAB>user_id<TAB>post_id<TAB>words<TAB>stop_probability";
  static final String SUBMISSION_HEADER = "kind\tuser_id\tpost_id\tscore";
  static final String SUBMISSION_HEADER_SHOWN = "kind<TAB>user_id<TAB>post_id<TAB>score";

  /** Largest grade and word count accepted in gold. */
  static final int MAX_GRADE = 1000;

  static final int MAX_WORDS = 100_000_000;

  static final byte[] KIND = "kind".getBytes(StandardCharsets.US_ASCII);
  static final byte[] USER = "user".getBytes(StandardCharsets.US_ASCII);
  static final byte[] POST = "post".getBytes(StandardCharsets.US_ASCII);

  private PrioritizationTsv() {}

  public static ParseResult<PrioritizationGold> readGold(InputStream in, ParseLimits limits) {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    TsvScanner t = new TsvScanner(in, limits, problems);
    IdIndex users = new IdIndex();
    ChunkedArrays.Ints grades = new ChunkedArrays.Ints(); // grade + 1; 0 = no user row yet
    PostUsers postUser = new PostUsers();
    ChunkedArrays.Strings postIds = new ChunkedArrays.Strings();
    ChunkedArrays.Ints words = new ChunkedArrays.Ints();
    ChunkedArrays.Doubles stop = new ChunkedArrays.Doubles();
    LastId last = new LastId();
    long rows = 0;
    boolean headerSeen = false;
    while (t.next()) {
      if (rows == 0 && !headerSeen && t.fieldEquals(0, KIND)) {
        headerSeen = true;
        if (!t.line().equals(GOLD_HEADER)) {
          Fields.badHeader(t, problems, GOLD_HEADER_SHOWN);
        }
        continue;
      }
      if (Fields.tooManyRows(++rows, limits, t, problems)) {
        break;
      }
      if (t.fieldEquals(0, USER)) {
        if (t.fieldCount() != 3) {
          Fields.columns(t, problems, "3 for user rows: user<TAB>user_id<TAB>grade");
          continue;
        }
        if (!Fields.id(t, 1, problems, -1)) {
          continue;
        }
        int grade = integer(t, 2, MAX_GRADE);
        if (grade < 0) {
          goldValue(t, problems, 2, "grades are whole numbers from 0 to " + MAX_GRADE);
          continue;
        }
        int u = users.add(t.bytes(), t.start(1), t.end(1));
        if (u < 0) {
          u = -u - 1;
          if (u < grades.size() && grades.get(u) != 0) {
            problems.add(
                ProblemCode.DUPLICATE_ID,
                "user ids with more than one user row",
                t.lineNumber(),
                t.field(1),
                null);
            continue;
          }
        }
        grades.set(u, grade + 1);
      } else if (t.fieldEquals(0, POST)) {
        if (t.fieldCount() != 5) {
          Fields.columns(
              t,
              problems,
              "5 for post rows: post<TAB>user_id<TAB>post_id<TAB>words<TAB>stop_probability");
          continue;
        }
        if (!Fields.id(t, 1, problems, -1) || !Fields.id(t, 2, problems, 1)) {
          continue;
        }
        int w = integer(t, 3, MAX_WORDS);
        if (w < 0) {
          goldValue(t, problems, 3, "word counts are whole numbers from 0 to " + MAX_WORDS);
          continue;
        }
        double p = FastDouble.parse(t.bytes(), t.start(4), t.end(4));
        if (!(p >= 0 && p <= 1)) {
          goldValue(t, problems, 4, "stopping probabilities are decimal numbers from 0 to 1");
          continue;
        }
        int u;
        if (last.matches(t, 1)) {
          u = last.index;
        } else {
          u = users.add(t.bytes(), t.start(1), t.end(1));
          if (u < 0) {
            u = -u - 1;
          }
          last.remember(t, 1, u);
        }
        postUser.add(u);
        postIds.add(t.bytes(), t.start(2), t.end(2));
        words.add(w);
        stop.add(p == 0 ? 0.0 : p);
      } else {
        Fields.unknownKind(t, problems);
      }
    }
    if (rows == 0 && !t.stopped()) {
      Fields.empty(problems);
    }
    int n = users.size();
    if (!problems.isEmpty()) {
      return ParseResult.rejected(problems.report());
    }
    int[] grade = new int[n];
    for (int u = 0; u < n; u++) {
      grade[u] = u < grades.size() ? grades.get(u) : 0;
    }
    grades = null;
    for (int u = 0; u < n; u++) {
      if (grade[u] == 0) {
        problems.add(
            ProblemCode.POST_WITHOUT_USER,
            "posts of users that have no user row (and so no grade)",
            0,
            users.id(u),
            null);
      }
      grade[u]--;
    }
    if (!problems.isEmpty()) {
      return ParseResult.rejected(problems.report());
    }
    users.trim();
    postIds.trim();
    int postCount = postUser.size();
    // Group posts by user (counting sort), then order each user's posts by id.
    int[] start = new int[n + 1];
    postUser.forEach((p, u) -> start[u + 1]++);
    for (int u = 0; u < n; u++) {
      start[u + 1] += start[u];
    }
    ChunkedArrays.Ints byUser = new ChunkedArrays.Ints(postCount);
    int[] fill = Arrays.copyOf(start, n);
    postUser.forEach((p, u) -> byUser.set(fill[u]++, p));
    postUser = null;
    int[] firstPost = new int[n];
    boolean grouped = true;
    for (int u = 0; u < n; u++) {
      int m = start[u + 1] - start[u];
      firstPost[u] = m == 0 ? 0 : byUser.get(start[u]); // file order: counting sort is stable
      grouped &= m == 0 || byUser.get(start[u + 1] - 1) - firstPost[u] == m - 1;
    }
    int[] slice = new int[64];
    for (int u = 0; u < n; u++) {
      int m = start[u + 1] - start[u];
      if (slice.length < m) {
        slice = new int[m];
      }
      for (int i = 0; i < m; i++) {
        slice[i] = byUser.get(start[u] + i);
      }
      StableSort.sort(slice, 0, m, postIds::compare);
      for (int i = 0; i < m; i++) {
        byUser.set(start[u] + i, slice[i]);
        if (i > 0 && postIds.compare(slice[i - 1], slice[i]) == 0) {
          problems.add(
              ProblemCode.DUPLICATE_POST,
              "posts listed more than once for the same user",
              0,
              users.id(u),
              postIds.string(slice[i]));
        }
      }
    }
    if (!problems.isEmpty()) {
      return ParseResult.rejected(problems.report());
    }
    int[] usersById = new int[n];
    for (int u = 0; u < n; u++) {
      usersById[u] = u;
    }
    StableSort.sort(usersById, 0, n, users::compare);
    return ParseResult.accepted(
        new PrioritizationGold(
            users,
            grade,
            start,
            byUser,
            postIds,
            words,
            stop,
            usersById,
            grouped ? firstPost : null));
  }

  /** Reads and validates a submission from a stream, in one pass. */
  public static ParseResult<PrioritizationSubmission> readSubmission(
      InputStream in, PrioritizationGold gold, ParseLimits limits) {
    return PrioritizationTsvSubmission.read(in, gold, limits);
  }

  /**
   * Reads and validates a submission file, in line-aligned parts on several threads when it is
   * large; the result is the same as {@link #readSubmission(InputStream, PrioritizationGold,
   * ParseLimits)}'s on the file's bytes.
   */
  public static ParseResult<PrioritizationSubmission> readSubmission(
      Path file, PrioritizationGold gold, ParseLimits limits) throws IOException {
    return PrioritizationTsvSubmission.read(
        file, gold, limits, FileParts.partsFor(Files.size(file)));
  }

  /** A whole number in [0, max] spelled with digits only, or -1. */
  private static int integer(TsvScanner t, int field, int max) {
    byte[] b = t.bytes();
    int from = t.start(field);
    int to = t.end(field);
    if (to == from || to - from > 10) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
    }
    return v > max ? -1 : (int) v;
  }

  private static void goldValue(TsvScanner t, ProblemCollector problems, int field, String rule) {
    problems.add(
        ProblemCode.INVALID_GOLD_VALUE,
        "gold values out of range: " + rule,
        t.lineNumber(),
        t.field(1),
        t.fieldCount() == 5 ? t.field(2) : null,
        t.field(field));
  }
}
