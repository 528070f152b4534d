package org.enclave.api.sharedtask.scoring.submission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.enclave.api.sharedtask.scoring.io.FastDouble;
import org.enclave.api.sharedtask.scoring.io.FileParts;
import org.enclave.api.sharedtask.scoring.io.IdIndex;
import org.enclave.api.sharedtask.scoring.io.Parallel;
import org.enclave.api.sharedtask.scoring.io.TsvScanner;

/**
 * Reads a prioritization TSV submission (format: {@link PrioritizationTsv}) from a stream in one
 * pass, or from a file in line-aligned parts on several threads.
 *
 * <p>Parts give the report of one pass: each part collects its problems with line numbers counted
 * from its first line, and the parts' reports are merged in file order with their lines moved by
 * the lines before them. Three things a part cannot judge alone send the file back to one pass: a
 * user or post that two parts both saw (which of the rows is the duplicate, or whether a malformed
 * row already marked it, depends on the rows before), a part that begins before any data row or
 * header (its first row could be the header), and more rows than the limit in all. A file over the
 * byte limit is read in one pass from the start. These are all rejected files; an accepted file is
 * always read in parts.
 */
final class PrioritizationTsvSubmission {

  /** {@link #user}'s answer for an invalid user id (reported). */
  private static final int INVALID = -2;

  private PrioritizationTsvSubmission() {}

  /** What one part of a file held: its lines, its data rows, a header, and a fatal stop. */
  private record PartOutcome(long lines, long rows, boolean headerSeen, boolean stopped) {}

  /** One part's reading: its problems, what it saw, and its outcome. */
  private record PartResult(
      ProblemCollector problems, SubmissionBuilder seen, PartOutcome outcome) {}

  static ParseResult<PrioritizationSubmission> read(
      InputStream in, PrioritizationGold gold, ParseLimits limits) {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    SubmissionBuilder out = new SubmissionBuilder(gold, problems);
    PartOutcome whole =
        readPart(new TsvScanner(in, limits, problems), gold, out, problems, limits, true);
    if (whole.rows() == 0 && !whole.stopped()) {
      Fields.empty(problems);
    }
    return out.finish(!whole.stopped() && whole.rows() > 0);
  }

  /**
   * Reads a submission file cut into {@code parts} ({@link FileParts#partsFor}), with the result of
   * one pass over its bytes.
   */
  static ParseResult<PrioritizationSubmission> read(
      Path file, PrioritizationGold gold, ParseLimits limits, int parts) throws IOException {
    return PartedFile.read(
        file,
        limits,
        parts,
        channel -> readParts(FileParts.split(channel, parts), gold, limits),
        in -> read(in, gold, limits));
  }

  /** The parts read in parallel and merged in file order, or null when one pass must decide. */
  private static ParseResult<PrioritizationSubmission> readParts(
      FileParts parts, PrioritizationGold gold, ParseLimits limits) {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    SubmissionBuilder out = new SubmissionBuilder(gold, problems);
    List<PartResult> results =
        Parallel.map(
            parts.count(),
            k -> {
              ProblemCollector partProblems = new ProblemCollector(problems.cap());
              SubmissionBuilder seen = out.part(partProblems);
              TsvScanner t = new TsvScanner(parts.open(k), limits, partProblems, k == 0);
              return new PartResult(
                  partProblems, seen, readPart(t, gold, seen, partProblems, limits, k == 0));
            });
    long lines = 0;
    long rows = 0;
    boolean headerSeen = false;
    boolean stopped = false;
    for (PartResult part : results) {
      if (lines > 0 && rows == 0 && !headerSeen) {
        return null; // this part's first row could be the header
      }
      if (!out.absorb(part.seen())) {
        return null;
      }
      problems.addAll(part.problems(), lines);
      PartOutcome o = part.outcome();
      lines += o.lines();
      rows += o.rows();
      headerSeen |= o.headerSeen();
      if (o.stopped()) {
        stopped = true;
        break; // one pass would have read no further
      }
    }
    if (rows > limits.maxRows()) {
      return null; // where one pass stops depends on the rows of every part before
    }
    if (rows == 0 && !stopped) {
      Fields.empty(problems);
    }
    return out.finish(!stopped && rows > 0);
  }

  /**
   * Reads the rows of one part (or of a whole file): checks and matches them against the gold,
   * collecting scores and problems in {@code out}. Only the file's first part may hold the header.
   */
  private static PartOutcome readPart(
      TsvScanner t,
      PrioritizationGold gold,
      SubmissionBuilder out,
      ProblemCollector problems,
      ParseLimits limits,
      boolean headerAllowed) {
    LastId last = new LastId();
    int lastPostUser = -1;
    int lastPost = -1;
    long rows = 0;
    boolean headerSeen = !headerAllowed;
    while (t.next()) {
      if (rows == 0 && !headerSeen && t.fieldEquals(0, PrioritizationTsv.KIND)) {
        headerSeen = true;
        if (!t.line().equals(PrioritizationTsv.SUBMISSION_HEADER)) {
          Fields.badHeader(t, problems, PrioritizationTsv.SUBMISSION_HEADER_SHOWN);
        }
        continue;
      }
      if (Fields.tooManyRows(++rows, limits, t, problems)) {
        break;
      }
      long line = t.lineNumber();
      if (t.fieldEquals(0, PrioritizationTsv.POST)) {
        if (t.fieldCount() != 4) {
          Fields.columns(t, problems, "4 for post rows: post<TAB>user_id<TAB>post_id<TAB>score");
          if (t.fieldCount() >= 3) {
            out.markPost(t.bytes(), t.start(1), t.end(1), t.start(2), t.end(2));
          }
          continue;
        }
        int u = user(t, gold.users(), last, problems);
        if (u == INVALID) {
          continue;
        }
        if (u < 0) {
          out.unknownUser(line, t.field(1), t.field(2));
          continue;
        }
        int p =
            gold.findPost(u, u == lastPostUser ? lastPost : -1, t.bytes(), t.start(2), t.end(2));
        if (p < 0) {
          if (Fields.id(t, 2, problems, 1)) {
            out.unknownPost(line, t.field(1), t.field(2));
          }
          continue;
        }
        lastPostUser = u;
        lastPost = p;
        if (out.postSeen(p, line, u)) {
          continue;
        }
        double score = fastScore(t, 3, problems);
        if (!Double.isNaN(score)) {
          out.postScore(p, score);
        }
      } else if (t.fieldEquals(0, PrioritizationTsv.USER)) {
        if (t.fieldCount() != 3) {
          Fields.columns(t, problems, "3 for user rows: user<TAB>user_id<TAB>score");
          out.markUser(t.bytes(), t.start(1), t.end(1));
          continue;
        }
        int u = user(t, gold.users(), last, problems);
        if (u == INVALID) {
          continue;
        }
        if (u < 0) {
          out.unknownUser(line, t.field(1), null);
          continue;
        }
        if (out.userSeen(u, line)) {
          continue;
        }
        double score = fastScore(t, 2, problems);
        if (!Double.isNaN(score)) {
          out.userScore(u, score);
        }
      } else {
        Fields.unknownKind(t, problems);
      }
    }
    return new PartOutcome(t.lineNumber(), rows, headerSeen && headerAllowed, t.stopped());
  }

  /**
   * The gold index of the row's user (field 1), -1 for a user the gold does not have, or {@link
   * #INVALID} after reporting an invalid id. Tries the previous row's user, then the gold's next
   * user, before validating the id and looking it up.
   */
  private static int user(TsvScanner t, IdIndex users, LastId last, ProblemCollector problems) {
    if (last.matches(t, 1)) {
      return last.index;
    }
    int next = last.index + 1;
    int u;
    if (last.any()
        && next > 0
        && next < users.size()
        && users.equal(next, t.bytes(), t.start(1), t.end(1))) {
      u = next; // equal to a gold id, so a valid one
    } else if (!Fields.id(t, 1, problems, -1)) {
      return INVALID;
    } else {
      u = users.find(t.bytes(), t.start(1), t.end(1));
    }
    last.remember(t, 1, u);
    return u;
  }

  /** Scores on the hot path: parse first, build strings for the report only when invalid. */
  private static double fastScore(TsvScanner t, int field, ProblemCollector problems) {
    double v = FastDouble.parse(t.bytes(), t.start(field), t.end(field));
    if (Double.isFinite(v)) {
      return v == 0 ? 0.0 : v;
    }
    String postId = field == 3 ? t.field(2) : null;
    return Fields.score(t, field, problems, t.field(1), postId);
  }
}
