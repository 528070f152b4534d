package org.enclave.api.sharedtask.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.Scores;
import org.junit.jupiter.api.Test;

class Clpsych2021SuiteTest {

  private final Clpsych2021Suite suite = new Clpsych2021Suite();

  @Test
  void handWorkedExampleWithTiedScores() {
    // gold      1    1    0    0    1    0
    // label     1    1    1    1    0    0
    // score     0.9  0.5  0.5  0.1  0.3  0.3
    // labels: tp 2 (u1,u2), fp 2 (u3,u4), fn 1 (u5), tn 1 (u6)
    //   precision 2/4, TPR = recall 2/3, FPR 2/3
    //   F1 = 2·2/(2·2 + 1 + 2) = 4/7;  F2 = 5·2/(5·2 + 4·1 + 2) = 10/16
    // AUC over the 3·3 (positive, negative) pairs, a tie counting 1/2:
    //   0.9 beats 0.5, 0.1, 0.3                 → 3
    //   0.5 ties 0.5, beats 0.1, 0.3            → 2.5
    //   0.3 loses to 0.5, beats 0.1, ties 0.3   → 1.5
    //   (3 + 2.5 + 1.5) / 9 = 7/9. Trapezoids over the thresholds 0.9, 0.5, 0.3, 0.1, i.e. the
    //   ROC points (0,1/3), (1/3,2/3), (2/3,1), (1,1): 1/3·1/2 + 1/3·5/6 + 1/3·1 = 14/18 = 7/9.
    Scores s =
        Inputs.score(
            suite,
            "u1\t1\nu2\t1\nu3\t0\nu4\t0\nu5\t1\nu6\t0\n",
            "u1\t1\t0.9\nu2\t1\t0.5\nu3\t1\t0.5\nu4\t1\t0.1\nu5\t0\t0.3\nu6\t0\t0.3\n");
    assertThat(s.value("f1")).isCloseTo(4.0 / 7, within(1e-15));
    assertThat(s.value("f2")).isCloseTo(10.0 / 16, within(1e-15));
    assertThat(s.value("precision")).isEqualTo(0.5);
    assertThat(s.value("tpr")).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(s.value("fpr")).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(s.value("auc")).isCloseTo(7.0 / 9, within(1e-15));
  }

  @Test
  void allOneClassLeavesAucAndTheMissingRateUndefinedWithANote() {
    Scores positives = Inputs.score(suite, "u1\t1\nu2\t1\n", "u1\t1\t0.2\nu2\t0\t0.1\n");
    assertThat(positives.value("auc")).isNaN();
    assertThat(positives.metric("auc").note()).contains("no negative users");
    assertThat(positives.value("fpr")).isNaN();
    assertThat(positives.value("tpr")).isEqualTo(0.5);
    assertThat(positives.value("f1")).isCloseTo(2.0 / 3, within(1e-15));

    Scores negatives = Inputs.score(suite, "u1\t0\nu2\t0\n", "u1\t0\t0.2\nu2\t0\t0.1\n");
    assertThat(negatives.value("auc")).isNaN();
    assertThat(negatives.metric("auc").note()).contains("no positive users");
    assertThat(negatives.value("tpr")).isNaN();
    assertThat(negatives.value("fpr")).isZero();
    // nothing to find and nothing predicted: 0/0 counts as 0
    assertThat(negatives.value("f1")).isZero();
    assertThat(negatives.value("precision")).isZero();
  }

  @Test
  void allScoresTiedGiveAucOneHalf() {
    Scores s = Inputs.score(suite, "u1\t1\nu2\t0\nu3\t1\n", "u1\t1\t0.5\nu2\t0\t0.5\nu3\t0\t0.5\n");
    assertThat(s.value("auc")).isEqualTo(0.5);
  }

  @Test
  void perfectSubmissionScoresBestValue() {
    Random random = new Random(2021);
    for (int round = 0; round < 20; round++) {
      int n = 2 + random.nextInt(300);
      StringBuilder gold = new StringBuilder();
      StringBuilder sub = new StringBuilder();
      for (int i = 0; i < n; i++) {
        int label = i < 2 ? i : random.nextInt(2);
        gold.append("u").append(i).append('\t').append(label).append('\n');
        double score = label + random.nextDouble() * 0.99; // positives all above negatives
        sub.append("u")
            .append(i)
            .append('\t')
            .append(label)
            .append('\t')
            .append(score)
            .append('\n');
      }
      Scores s = Inputs.score(suite, gold.toString(), sub.toString());
      s.values().forEach(v -> assertThat(v.value()).as(v.name()).isEqualTo(v.best()));
    }
  }

  @Test
  void aucIsInvariantToRowOrderAndToScalingTheScores() {
    Random random = new Random(11);
    int n = 500;
    StringBuilder gold = new StringBuilder();
    String[] rows = new String[n];
    String[] cubed = new String[n];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(2);
      gold.append("u").append(i).append('\t').append(label).append('\n');
      double score = Math.round(random.nextGaussian() * 10) / 10.0 + label * 0.3; // many ties
      rows[i] = "u" + i + "\t" + random.nextInt(2) + "\t" + score + "\n";
      cubed[i] = rows[i].replace("\t" + score + "\n", "\t" + (score * 8) + "\n");
    }
    Scores base = Inputs.score(suite, gold.toString(), String.join("", rows));
    Scores transformed = Inputs.score(suite, gold.toString(), String.join("", cubed));
    java.util.Collections.shuffle(java.util.Arrays.asList(rows), new Random(12));
    Scores shuffled = Inputs.score(suite, gold.toString(), String.join("", rows));
    assertThat(shuffled).isEqualTo(base);
    assertThat(transformed.value("auc")).isEqualTo(base.value("auc"));
    assertThat(base.value("auc")).isBetween(0.5, 1.0);
  }

  @Test
  void aucMatchesTheTrapezoidsComputedFromTheRocCurve() {
    Random random = new Random(5);
    for (int round = 0; round < 50; round++) {
      int n = 2 + random.nextInt(60);
      boolean[] positive = new boolean[n];
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        positive[i] = i == 0 || (i != 1 && random.nextBoolean());
        scores[i] = random.nextInt(6); // ties everywhere
      }
      assertThat(RocAuc.compute(positive, scores))
          .isCloseTo(trapezoids(positive, scores), within(1e-12));
    }
  }

  /** The ROC curve point by point over distinct thresholds, then the trapezoid rule. */
  private static double trapezoids(boolean[] positive, double[] scores) {
    double[] thresholds = java.util.Arrays.stream(scores).distinct().sorted().toArray();
    long p = 0;
    long n = 0;
    for (boolean b : positive) {
      if (b) {
        p++;
      } else {
        n++;
      }
    }
    double area = 0;
    double prevX = 0;
    double prevY = 0;
    for (int t = thresholds.length - 1; t >= 0; t--) {
      long tp = 0;
      long fp = 0;
      for (int i = 0; i < scores.length; i++) {
        if (scores[i] >= thresholds[t]) {
          if (positive[i]) {
            tp++;
          } else {
            fp++;
          }
        }
      }
      double x = (double) fp / n;
      double y = (double) tp / p;
      area += (x - prevX) * (y + prevY) / 2;
      prevX = x;
      prevY = y;
    }
    return area;
  }
}
