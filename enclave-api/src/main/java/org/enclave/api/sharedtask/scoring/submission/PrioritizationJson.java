package org.enclave.api.sharedtask.scoring.submission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.enclave.api.sharedtask.scoring.io.FileParts;
import org.enclave.api.sharedtask.scoring.io.LimitedInputStream;

/**
 * Reads a prioritization submission in JSON, streaming (Jackson's token parser, no tree):
 *
 * <pre>
 * {"users": [
 *   {"user_id": "u1", "score": 0.93, "posts": [{"post_id": "p7", "score": 0.88}, ...]},
 *   ...
 * ]}
 * </pre>
 *
 * Every key is required and no other key is allowed. Problems with ids and scores are collected
 * like in TSV (with the line of the value); a JSON syntax error or a document of another shape
 * stops reading ({@code invalid-json}) since nothing after it can be trusted. A large submission
 * file is read in parallel parts with the same result ({@link PrioritizationJsonParts}).
 */
public final class PrioritizationJson {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // to report NaN as a non-finite score
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private PrioritizationJson() {}

  public static ParseResult<PrioritizationSubmission> readSubmission(
      InputStream in, PrioritizationGold gold, ParseLimits limits) {
    ProblemCollector problems = new ProblemCollector(limits.occurrencesPerProblem());
    SubmissionBuilder out = new SubmissionBuilder(gold, problems);
    LimitedInputStream limited = new LimitedInputStream(in, limits.maxBytes());
    boolean complete = false;
    long[] rows = {0};
    try {
      PushbackInputStream peek = new PushbackInputStream(limited, 4);
      if (!checkEncoding(peek, problems)) {
        return ParseResult.rejected(problems.report());
      }
      try (JsonParser json = FACTORY.createParser(peek)) {
        new PrioritizationJsonReader(json, gold, out, problems, limits, rows).document();
        complete = true;
      }
    } catch (PrioritizationJsonReader.Shape e) {
      problems.add(ProblemCode.INVALID_JSON, e.getMessage(), e.line, null, null);
    } catch (PrioritizationJsonReader.TooManyRows e) {
      problems.add(
          ProblemCode.TOO_MANY_ROWS,
          "the file has more than the limit of " + limits.maxRows() + " users and posts",
          e.line,
          null,
          null);
    } catch (JsonProcessingException e) {
      if (limited.exceeded()) {
        tooBig(problems, limits);
      } else {
        long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        problems.add(
            ProblemCode.INVALID_JSON,
            "the file is not valid JSON: " + e.getOriginalMessage(),
            line,
            null,
            null);
      }
    } catch (IOException e) {
      if (limited.exceeded()) {
        tooBig(problems, limits);
      } else {
        throw new UncheckedIOException(e);
      }
    }
    if (limited.exceeded() && !problems.has(ProblemCode.TOO_MANY_BYTES)) {
      tooBig(problems, limits);
      complete = false;
    }
    if (complete && rows[0] == 0) {
      Fields.empty(problems);
      complete = false;
    }
    return out.finish(complete);
  }

  /**
   * Reads a submission file, in parts on several threads when it is large; the result is the same
   * as {@link #readSubmission(InputStream, PrioritizationGold, ParseLimits)}'s on the file's bytes.
   */
  public static ParseResult<PrioritizationSubmission> readSubmission(
      Path file, PrioritizationGold gold, ParseLimits limits) throws IOException {
    return PrioritizationJsonParts.read(file, gold, limits, FileParts.partsFor(Files.size(file)));
  }

  /** What a part of a file held: its users and posts, and the line breaks it spans. */
  record PartOutcome(long rows, long lineBreaks) {}

  /**
   * Reads one part of a file, made a whole document, into {@code out} and {@code problems}; null
   * when it is not a clean document (a syntax error, another shape, the row limit, a read error):
   * the file is then read in one pass, which reports why.
   */
  static PartOutcome readPart(
      InputStream document,
      PrioritizationGold gold,
      SubmissionBuilder out,
      ProblemCollector problems,
      ParseLimits limits) {
    long[] rows = {0};
    try (JsonParser json = FACTORY.createParser(document)) {
      new PrioritizationJsonReader(json, gold, out, problems, limits, rows).document();
      return new PartOutcome(rows[0], json.currentLocation().getLineNr() - 1);
    } catch (IOException e) {
      return null;
    }
  }

  private static void tooBig(ProblemCollector problems, ParseLimits limits) {
    problems.add(
        ProblemCode.TOO_MANY_BYTES,
        "the file is larger than the limit of " + limits.maxBytes() + " bytes",
        0,
        null,
        null);
  }

  /** Only UTF-8 (with or without a byte order mark); Jackson alone would also accept UTF-16/32. */
  static boolean checkEncoding(PushbackInputStream in, ProblemCollector problems)
      throws IOException {
    byte[] head = in.readNBytes(4);
    if (head.length == 0) {
      Fields.empty(problems);
      return false;
    }
    int b0 = head[0] & 0xff;
    int b1 = head.length > 1 ? head[1] & 0xff : -1;
    if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
      problems.add(
          ProblemCode.NOT_UTF8,
          "the file is UTF-16 or UTF-32 (it starts with that byte order mark); save it as UTF-8",
          1,
          null,
          null);
      return false;
    }
    for (byte b : head) {
      if (b == 0) {
        problems.add(
            ProblemCode.BINARY_CONTENT,
            "the file contains NUL bytes: it is binary or UTF-16 without a byte order mark; save"
                + " it as UTF-8 text",
            1,
            null,
            null);
        return false;
      }
    }
    in.unread(head);
    return true;
  }
}
