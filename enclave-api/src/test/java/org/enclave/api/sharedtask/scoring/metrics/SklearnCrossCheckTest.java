package org.enclave.api.sharedtask.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.enclave.api.sharedtask.scoring.Scores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classification suites against scikit-learn ({@code f1_score}, {@code fbeta_score}, {@code
 * precision_recall_fscore_support}, {@code roc_auc_score}, …) on random files with ties and rare
 * classes, through src/test/python/sklearn_metrics.py. Fails, never skips, when python3 or
 * scikit-learn is missing: {@code ./enclave test} installs the Debian package python3-sklearn.
 */
class SklearnCrossCheckTest {

  private static final Path SCRIPT = Path.of("src/test/python/sklearn_metrics.py");

  /**
   * Debian's interpreter, which python3-sklearn installs for, ahead of any other python3 on the
   * PATH (e.g. a pyenv shim without scikit-learn).
   */
  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  @TempDir Path dir;

  @BeforeAll
  static void pythonWithScikitLearn() throws Exception {
    Process p =
        new ProcessBuilder(PYTHON, "-c", "import sklearn").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as(
            "python3 with scikit-learn is needed (Debian package python3-sklearn, in OS_PACKAGES): "
                + out)
        .isTrue();
  }

  @Test
  void clpsych2019MatchesScikitLearn() throws Exception {
    Random random = new Random(19);
    for (int round = 0; round < 3; round++) {
      int n = 50 + random.nextInt(500);
      StringBuilder gold = new StringBuilder("user_id\tlabel\n");
      StringBuilder sub = new StringBuilder();
      // round 2 leaves level c out of both the gold and the predictions: 0/0 cases
      String levels = round == 2 ? "abd" : "abcd";
      for (int i = 0; i < n; i++) {
        gold.append("u")
            .append(i)
            .append('\t')
            .append(levels.charAt(random.nextInt(levels.length())))
            .append('\n');
        sub.append("u")
            .append(i)
            .append('\t')
            .append(levels.charAt(random.nextInt(levels.length())))
            .append('\n');
      }
      compare(new Clpsych2019Suite(), gold.toString(), sub.toString());
    }
  }

  @Test
  void clpsych2021MatchesScikitLearn() throws Exception {
    Random random = new Random(21);
    for (int round = 0; round < 3; round++) {
      int n = 50 + random.nextInt(500);
      StringBuilder gold = new StringBuilder();
      StringBuilder sub = new StringBuilder("user_id\tlabel\tscore\n");
      for (int i = 0; i < n; i++) {
        int label = random.nextInt(10) < 3 ? 1 : 0;
        double score = Math.round((label * 0.4 + random.nextDouble()) * 20) / 20.0; // ties
        gold.append("u").append(i).append('\t').append(label).append('\n');
        sub.append("u")
            .append(i)
            .append('\t')
            .append(score > 0.6 ? 1 : 0)
            .append('\t')
            .append(score)
            .append('\n');
      }
      compare(new Clpsych2021Suite(), gold.toString(), sub.toString());
    }
  }

  private <G, S> void compare(MetricSuite<G, S> suite, String gold, String sub) throws Exception {
    Scores ours = Inputs.score(suite, gold, sub);
    Map<String, Double> theirs = sklearn(suite.name(), gold, sub);
    assertThat(theirs.keySet())
        .containsExactlyInAnyOrderElementsOf(
            ours.values().stream().map(MetricValue::name).toList());
    for (MetricValue v : ours.values()) {
      assertThat(v.value())
          .as(suite.name() + " " + v.name())
          .isCloseTo(theirs.get(v.name()), within(1e-12));
    }
  }

  private Map<String, Double> sklearn(String suite, String gold, String sub)
      throws IOException, InterruptedException {
    Path g = Files.writeString(dir.resolve("gold.tsv"), gold);
    Path s = Files.writeString(dir.resolve("submission.tsv"), sub);
    Process p =
        new ProcessBuilder(PYTHON, SCRIPT.toString(), suite, g.toString(), s.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, Double> values = new HashMap<>();
    for (String line : out.strip().split("\n")) {
      List<String> f = List.of(line.split("\t"));
      values.put(f.get(0), Double.valueOf(f.get(1)));
    }
    return values;
  }
}
