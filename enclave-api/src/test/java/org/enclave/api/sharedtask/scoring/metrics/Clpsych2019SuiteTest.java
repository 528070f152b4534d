package org.enclave.api.sharedtask.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.Scores;
import org.junit.jupiter.api.Test;

class Clpsych2019SuiteTest {

  private final Clpsych2019Suite suite = new Clpsych2019Suite();

  @Test
  void handWorkedExample() {
    // gold:      u1 a, u2 a, u3 b, u4 c, u5 d, u6 d
    // predicted: u1 a, u2 b, u3 b, u4 d, u5 d, u6 c
    // a: tp 1 (u1), fp 0, fn 1 (u2)        P 1   R 1/2 F1 = 2·1/(2·1 + 1 + 0) = 2/3
    // b: tp 1 (u3), fp 1 (u2), fn 0        P 1/2 R 1   F1 = 2/(2 + 0 + 1)     = 2/3
    // c: tp 0, fp 1 (u6), fn 1 (u4)        P 0   R 0   F1 = 0
    // d: tp 1 (u5), fp 1 (u4), fn 1 (u6)   P 1/2 R 1/2 F1 = 2/(2 + 1 + 1)     = 1/2
    // macro-F1 = (2/3 + 2/3 + 0 + 1/2) / 4 = 11/24
    // flagged (b,c,d): gold u3..u6, predicted u2..u6: tp 4, fp 1, fn 0 → F1 = 8/9
    // urgent (c,d): gold u4,u5,u6, predicted u4,u5,u6: tp 3 → F1 = 1
    // accuracy: u1, u3, u5 right → 3/6
    Scores s =
        Inputs.score(
            suite,
            "u1\ta\nu2\ta\nu3\tb\nu4\tc\nu5\td\nu6\td\n",
            "u1\ta\t0.1\nu2\tb\t0.2\nu3\tb\t0.3\nu4\td\t0.4\nu5\td\t0.5\nu6\tc\t0.6\n");
    assertThat(s.value("macro_f1")).isCloseTo(11.0 / 24, within(1e-15));
    assertThat(s.value("flagged_f1")).isCloseTo(8.0 / 9, within(1e-15));
    assertThat(s.value("urgent_f1")).isEqualTo(1.0);
    assertThat(s.value("accuracy")).isEqualTo(0.5);
    assertThat(s.value("precision_a")).isEqualTo(1.0);
    assertThat(s.value("recall_a")).isEqualTo(0.5);
    assertThat(s.value("f1_a")).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(s.value("precision_b")).isEqualTo(0.5);
    assertThat(s.value("recall_b")).isEqualTo(1.0);
    assertThat(s.value("precision_c")).isEqualTo(0.0);
    assertThat(s.value("recall_c")).isEqualTo(0.0);
    assertThat(s.value("f1_c")).isEqualTo(0.0);
    assertThat(s.value("f1_d")).isEqualTo(0.5);
    assertThat(s.values()).extracting(v -> v.name()).startsWith("macro_f1", "flagged_f1");
    assertThat(s.values())
        .extracting(v -> v.name())
        .containsExactlyElementsOf(suite.metrics().stream().map(m -> m.name()).toList());
  }

  @Test
  void emptyClassesCountZeroInTheMacroMean() {
    // Gold and predictions only use a and b: c and d are 0/0 everywhere and count F1 = 0.
    // a: tp 2, fp 0, fn 1 → F1 = 4/5; b: tp 1, fp 1, fn 0 → F1 = 2/3
    // macro-F1 = (4/5 + 2/3 + 0 + 0) / 4 = (22/15) / 4 = 11/30
    Scores s = Inputs.score(suite, "u1\ta\nu2\ta\nu3\ta\nu4\tb\n", "u1\ta\nu2\ta\nu3\tb\nu4\tb\n");
    assertThat(s.value("macro_f1")).isCloseTo(11.0 / 30, within(1e-15));
    assertThat(s.value("f1_c")).isZero();
    assertThat(s.metric("precision_c").note()).contains("0/0 counts as 0");
    assertThat(s.metric("recall_d").note()).contains("no gold user");
    // urgent: nobody is c/d in gold or predictions → 0/0 → 0
    assertThat(s.value("urgent_f1")).isZero();
  }

  @Test
  void allOneClassPerfectSubmissionScoresOneQuarterMacro() {
    // Only a exists: F1(a) = 1, the other three are 0/0 = 0 → macro 1/4; nothing flagged → 0.
    Scores s = Inputs.score(suite, "u1\ta\nu2\ta\n", "u1\ta\t1\nu2\ta\t1\n");
    assertThat(s.value("macro_f1")).isEqualTo(0.25);
    assertThat(s.value("flagged_f1")).isZero();
    assertThat(s.value("accuracy")).isEqualTo(1.0);
  }

  @Test
  void perfectSubmissionScoresBestValueWhenEveryLevelOccurs() {
    Random random = new Random(2019);
    for (int round = 0; round < 20; round++) {
      int n = 4 + random.nextInt(200);
      StringBuilder gold = new StringBuilder();
      for (int i = 0; i < n; i++) {
        char label = i < 4 ? "abcd".charAt(i) : "abcd".charAt(random.nextInt(4));
        gold.append("u").append(i).append('\t').append(label).append('\n');
      }
      Scores s = Inputs.score(suite, gold.toString(), gold.toString());
      s.values().forEach(v -> assertThat(v.value()).as(v.name()).isEqualTo(v.best()));
    }
  }

  @Test
  void scoresDoNotDependOnRowOrder() {
    Random random = new Random(7);
    int n = 300;
    String[] rows = new String[n];
    StringBuilder gold = new StringBuilder();
    for (int i = 0; i < n; i++) {
      gold.append("u").append(i).append('\t').append("abcd".charAt(random.nextInt(4))).append('\n');
      rows[i] = "u" + i + "\t" + "abcd".charAt(random.nextInt(4)) + "\n";
    }
    Scores first = Inputs.score(suite, gold.toString(), String.join("", rows));
    java.util.Collections.shuffle(java.util.Arrays.asList(rows), new Random(8));
    Scores shuffled = Inputs.score(suite, gold.toString(), String.join("", rows));
    assertThat(shuffled).isEqualTo(first);
  }
}
