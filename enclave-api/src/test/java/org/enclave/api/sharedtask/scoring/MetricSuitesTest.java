package org.enclave.api.sharedtask.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2019Suite;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2021Suite;
import org.enclave.api.sharedtask.scoring.metrics.PrioritizationSuite;
import org.junit.jupiter.api.Test;

class MetricSuitesTest {

  @Test
  void everyBuiltInSuiteIsFoundByItsName() {
    assertThat(MetricSuites.all())
        .extracting(MetricSuite::name)
        .containsExactly("clpsych2019", "clpsych2021", "prioritization");
    assertThat(MetricSuites.byName("prioritization")).containsInstanceOf(PrioritizationSuite.class);
    assertThat(MetricSuites.byName("trec")).isEmpty();
  }

  @Test
  void scoresListExactlyTheDeclaredMetricsInTheirOrder() {
    check(new Clpsych2019Suite(), "u1\ta\nu2\tb\n", "u1\ta\nu2\tc\n", FileFormat.TSV);
    check(new Clpsych2021Suite(), "u1\t1\nu2\t0\n", "u1\t1\t0.9\nu2\t1\t0.2\n", FileFormat.TSV);
    check(
        new PrioritizationSuite(),
        "user\tu1\t1\npost\tu1\tp\t10\t0.5\nuser\tu2\t0\n",
        "{\"users\": [{\"user_id\": \"u1\", \"score\": 1, \"posts\": [{\"post_id\": \"p\", \"score\": 1}]},"
            + " {\"user_id\": \"u2\", \"score\": 0, \"posts\": []}]}",
        FileFormat.JSON);
  }

  private static <G, S> void check(MetricSuite<G, S> suite, String gold, String sub, FileFormat f) {
    Scores scores = Inputs.score(suite, gold, sub, f);
    List<String> declared = suite.metrics().stream().map(MetricDefinition::name).toList();
    assertThat(scores.values()).extracting(MetricValue::name).containsExactlyElementsOf(declared);
    assertThat(declared).contains(suite.primaryMetric()).doesNotHaveDuplicates();
    assertThat(suite.submissionFormats()).contains(f);
    for (MetricDefinition d : suite.metrics()) {
      MetricValue v = scores.metric(d.name());
      assertThat(v.direction()).as(d.name()).isEqualTo(d.direction());
      if (d.best() != null) {
        assertThat(v.best()).as(d.name()).isEqualTo(d.best());
      }
    }
  }
}
