package org.enclave.api.sharedtask.scoring.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve by the trapezoidal rule, where all tied scores form one threshold (so a
 * tie between a positive and a negative counts one half). That area equals the Mann–Whitney
 * statistic: AUC = (#{(p, n): s_p > s_n} + ½·#{(p, n): s_p = s_n}) / (P·N) over all pairs of a gold
 * positive p and a gold negative n; it is computed that way, by sorting the positives' and the
 * negatives' scores separately and merging, in O(n log n) with primitive sorts.
 */
public final class RocAuc {

  private RocAuc() {}

  /**
   * The AUC, or NaN when the gold has only one class (no positives or no negatives): the ROC curve
   * is then undefined.
   */
  public static double compute(boolean[] positive, double[] scores) {
    int p = 0;
    for (boolean b : positive) {
      if (b) {
        p++;
      }
    }
    int n = positive.length - p;
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double[] pos = new double[p];
    double[] neg = new double[n];
    int ip = 0;
    int in = 0;
    for (int i = 0; i < positive.length; i++) {
      double s = scores[i] == 0 ? 0.0 : scores[i]; // -0.0 and 0.0 are one threshold
      if (positive[i]) {
        pos[ip++] = s;
      } else {
        neg[in++] = s;
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    // For each run of equal positive scores s: count negatives below s, and negatives equal to s.
    double twiceWins = 0; // 2·wins + ties, summed exactly in a double (integers below 2^53)
    int below = 0;
    int i = 0;
    while (i < p) {
      double s = pos[i];
      int j = i;
      while (j < p && pos[j] == s) {
        j++;
      }
      while (below < n && neg[below] < s) {
        below++;
      }
      int equal = below;
      while (equal < n && neg[equal] == s) {
        equal++;
      }
      long run = j - i;
      twiceWins += run * (2L * below + (equal - below));
      i = j;
    }
    return twiceWins / (2.0 * p * n);
  }
}
