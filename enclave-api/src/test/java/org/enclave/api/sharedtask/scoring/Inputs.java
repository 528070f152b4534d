package org.enclave.api.sharedtask.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;

/** Builds inputs for scoring tests from text. */
public final class Inputs {

  private Inputs() {}

  public static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads gold and a TSV or JSON submission that must both be accepted, and scores them. */
  public static <G, S> Scores score(
      MetricSuite<G, S> suite, String gold, String submission, FileFormat format) {
    ParseResult<G> g = suite.readGold(text(gold), ParseLimits.DEFAULT);
    assertThat(g.report().problems()).as("gold problems").isEmpty();
    ParseResult<S> s =
        suite.readSubmission(text(submission), format, g.value(), ParseLimits.DEFAULT);
    assertThat(s.report().problems()).as("submission problems").isEmpty();
    return suite.score(g.value(), s.value());
  }

  public static <G, S> Scores score(MetricSuite<G, S> suite, String gold, String submission) {
    return score(suite, gold, submission, FileFormat.TSV);
  }
}
