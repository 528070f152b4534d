package org.enclave.api.sharedtask.scoring.metrics;

/**
 * The confusion counts of one binary decision (gold positive or not, predicted positive or not),
 * and the measures built from them. Conventions (as scikit-learn's {@code zero_division=0}): a
 * precision, recall or F with a zero denominator is 0; the true- and false-positive rates are NaN
 * (undefined) when the gold has no positives, respectively no negatives.
 */
public record BinaryCounts(long tp, long fp, long fn, long tn) {

  public long positives() {
    return tp + fn;
  }

  public long negatives() {
    return fp + tn;
  }

  /** tp / (tp + fp), 0 when nothing was predicted positive. */
  public double precision() {
    return ratioOrZero(tp, tp + fp);
  }

  /** tp / (tp + fn), 0 when the gold has no positives. */
  public double recall() {
    return ratioOrZero(tp, tp + fn);
  }

  /**
   * F-beta = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp): the weighted harmonic mean of precision and
   * recall, written on counts so that it is exact and 0 (not NaN) when precision and recall are
   * both 0, or when there is nothing to find and nothing was predicted.
   */
  public double fBeta(double beta) {
    double b2 = beta * beta;
    double numerator = (1 + b2) * tp;
    double denominator = numerator + b2 * fn + fp;
    return denominator == 0 ? 0.0 : numerator / denominator;
  }

  public double f1() {
    return fBeta(1);
  }

  /** tp / (tp + fn); NaN when the gold has no positives. */
  public double truePositiveRate() {
    return positives() == 0 ? Double.NaN : (double) tp / positives();
  }

  /** fp / (fp + tn); NaN when the gold has no negatives. */
  public double falsePositiveRate() {
    return negatives() == 0 ? Double.NaN : (double) fp / negatives();
  }

  private static double ratioOrZero(long a, long b) {
    return b == 0 ? 0.0 : (double) a / b;
  }
}
