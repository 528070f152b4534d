package org.enclave.api.sharedtask.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;

/**
 * A built-in metric suite: how its gold labels and submissions are read and validated, and how a
 * submission is scored against the gold. Plain Java with no framework, so that the same classes can
 * run in the control plane or in a sandboxed scorer.
 *
 * @param <G> the parsed gold labels
 * @param <S> a parsed submission, already checked against the gold (every id known, none missing)
 */
public interface MetricSuite<G, S> {

  /** The suite's stable name, e.g. {@code clpsych2019}. */
  String name();

  /** One line saying what the suite scores. */
  String description();

  /** The encodings a submission may use. */
  Set<FileFormat> submissionFormats();

  /** Every metric the suite reports, in the order {@link #score} returns them. */
  List<MetricDefinition> metrics();

  /** The metric a leaderboard ranks by unless the organizer picks another. */
  String primaryMetric();

  /** Reads and validates gold labels (TSV). */
  ParseResult<G> readGold(InputStream in, ParseLimits limits);

  /**
   * Reads a submission and validates it against the gold: a submission with any problem is rejected
   * whole, with every problem listed.
   */
  ParseResult<S> readSubmission(InputStream in, FileFormat format, G gold, ParseLimits limits);

  /**
   * Reads a submission file and validates it against the gold, with the same result as {@link
   * #readSubmission(InputStream, FileFormat, Object, ParseLimits)} on the file's bytes. Suites that
   * read large files faster from a file than from a stream (in parts, in parallel) override this.
   */
  default ParseResult<S> readSubmission(Path file, FileFormat format, G gold, ParseLimits limits)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readSubmission(in, format, gold, limits);
    }
  }

  /** Scores an accepted submission; deterministic, and never reads anything but its arguments. */
  Scores score(G gold, S submission);
}
