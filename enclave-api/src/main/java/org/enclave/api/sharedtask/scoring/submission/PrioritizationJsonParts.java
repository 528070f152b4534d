package org.enclave.api.sharedtask.scoring.submission;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.enclave.api.sharedtask.scoring.io.Bytes;
import org.enclave.api.sharedtask.scoring.io.FileParts;
import org.enclave.api.sharedtask.scoring.io.Parallel;

/**
 * Reads a prioritization JSON submission file in parts on several threads, with the result of one
 * pass ({@link PrioritizationJson}).
 *
 * <p>The file is cut just before user objects that follow a comma ({@code ,{"user_id"}, spaces and
 * line breaks allowed before the brace): in a valid document these bytes begin an element of the
 * users array and nothing else, since a quote inside a string is escaped. Each part is made a whole
 * document ({@code {"users":[} before it but the first, its trailing comma left out and {@code ]}}
 * after it but the last) and read into a report of its own: byte by byte when it has nothing to
 * report ({@link PrioritizationJsonFast}), else by the one-pass token reader. The line numbers of
 * each report are moved by the line breaks before its part, and the reports merged in file order.
 *
 * <p>Whatever a part cannot settle alone sends the file back to one pass, which reports it: a part
 * that is not a clean document (a syntax error or another shape, which a cut in a wrong place
 * gives too), a user or post that two parts saw, more rows than the limit, a file over the byte
 * limit or not starting as UTF-8. These are all rejected files.
 */
final class PrioritizationJsonParts {

  private static final byte[] USER_START = "{\"user_id\"".getBytes(US_ASCII);
  private static final byte[] DOCUMENT_START = "{\"users\":[".getBytes(US_ASCII);
  private static final byte[] DOCUMENT_END = "]}".getBytes(US_ASCII);

  /** How far after a part's planned start a cut is looked for. */
  private static final int SEARCH = 1 << 20;

  private PrioritizationJsonParts() {}

  /** Where a part begins: the user object's brace, and the comma before it. */
  private record Cut(long comma, long brace, long lineBreaksBetween) {}

  /** One part's reading: its problems, what it saw, and its outcome (null: not clean). */
  private record PartResult(
      ProblemCollector problems, SubmissionBuilder seen, PrioritizationJson.PartOutcome outcome) {}

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
        channel -> {
          List<Cut> cuts = cuts(channel, parts);
          return cuts.isEmpty() ? null : readParts(channel, cuts, gold, limits);
        },
        in -> PrioritizationJson.readSubmission(in, gold, limits));
  }

  /** The parts read in parallel and merged in file order, or null when one pass must decide. */
  private static ParseResult<PrioritizationSubmission> readParts(
      FileChannel channel, List<Cut> cuts, PrioritizationGold gold, ParseLimits limits)
      throws IOException {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    SubmissionBuilder out = new SubmissionBuilder(gold, problems);
    long size = channel.size();
    List<PartResult> results =
        Parallel.map(
            cuts.size() + 1,
            k -> {
              long from = k == 0 ? 0 : cuts.get(k - 1).brace();
              long to = k == cuts.size() ? size : cuts.get(k).comma();
              boolean open = k > 0;
              boolean close = k < cuts.size();
              ProblemCollector partProblems = new ProblemCollector(problems.cap());
              SubmissionBuilder seen = out.part(partProblems);
              PrioritizationJson.PartOutcome plain =
                  readPlain(document(channel, from, to, open, close), gold, seen, limits);
              if (plain != null) {
                return new PartResult(partProblems, seen, plain);
              }
              seen = out.part(partProblems); // what the byte reader marked is forgotten
              PushbackInputStream document =
                  new PushbackInputStream(document(channel, from, to, open, close), 4);
              if (k == 0 && !startsAsUtf8(document)) {
                return new PartResult(partProblems, seen, null);
              }
              return new PartResult(
                  partProblems,
                  seen,
                  PrioritizationJson.readPart(document, gold, seen, partProblems, limits));
            });
    long lineBreaks = 0;
    long rows = 0;
    for (int k = 0; k < results.size(); k++) {
      PartResult part = results.get(k);
      if (part.outcome() == null || !out.absorb(part.seen())) {
        return null;
      }
      problems.addAll(part.problems(), lineBreaks);
      lineBreaks +=
          part.outcome().lineBreaks() + (k < cuts.size() ? cuts.get(k).lineBreaksBetween() : 0);
      rows += part.outcome().rows();
    }
    if (rows > limits.maxRows()) {
      return null; // where one pass stops depends on the rows of every part before
    }
    return out.finish(true);
  }

  /** Bytes {@code [from, to)} made a whole document: the users array opened and closed around. */
  private static InputStream document(
      FileChannel channel, long from, long to, boolean open, boolean close) {
    List<InputStream> pieces = new ArrayList<>(3);
    if (open) {
      pieces.add(new ByteArrayInputStream(DOCUMENT_START));
    }
    pieces.add(FileParts.range(channel, from, to));
    if (close) {
      pieces.add(new ByteArrayInputStream(DOCUMENT_END));
    }
    return new SequenceInputStream(Collections.enumeration(pieces));
  }

  /** {@link PrioritizationJsonFast#read}, its read errors unchecked. */
  private static PrioritizationJson.PartOutcome readPlain(
      InputStream document, PrioritizationGold gold, SubmissionBuilder seen, ParseLimits limits) {
    try {
      return PrioritizationJsonFast.read(document, gold, seen, limits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one-pass reader's encoding check on the file's first bytes, which stay in the stream. */
  private static boolean startsAsUtf8(PushbackInputStream document) {
    try {
      return PrioritizationJson.checkEncoding(document, new ProblemCollector(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Up to {@code parts - 1} cuts, in file order, each the first one after its planned place. */
  private static List<Cut> cuts(FileChannel channel, int parts) throws IOException {
    long size = channel.size();
    List<Cut> cuts = new ArrayList<>();
    byte[] window = new byte[SEARCH];
    for (int k = 1; k < parts; k++) {
      long from =
          Math.max(size / parts * k, cuts.isEmpty() ? 0 : cuts.get(cuts.size() - 1).brace() + 1);
      int n = Math.max(0, channel.read(ByteBuffer.wrap(window), from));
      Cut cut = cutIn(window, n, from);
      if (cut != null) {
        cuts.add(cut);
      }
    }
    return cuts;
  }

  /** The first {@code ,{"user_id"} in {@code window[0, n)} (file offset {@code at}), or null. */
  private static Cut cutIn(byte[] window, int n, long at) {
    for (int i = 1; i + USER_START.length <= n; i++) {
      if (window[i] != '{'
          || !Bytes.equal(window, i, i + USER_START.length, USER_START, 0, USER_START.length)) {
        continue;
      }
      long breaks = 0;
      int j = i - 1;
      while (j >= 0 && isSpace(window[j])) {
        if (window[j] == '\n' || (window[j] == '\r' && window[j + 1] != '\n')) {
          breaks++; // as the JSON reader counts lines: \n, \r\n and a lone \r
        }
        j--;
      }
      if (j >= 0 && window[j] == ',') {
        return new Cut(at + j, at + i, breaks);
      }
    }
    return null;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
