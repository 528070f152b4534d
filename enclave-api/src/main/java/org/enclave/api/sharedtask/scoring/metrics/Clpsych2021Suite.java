package org.enclave.api.sharedtask.scoring.metrics;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.MetricDefinition;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.enclave.api.sharedtask.scoring.Scores;
import org.enclave.api.sharedtask.scoring.submission.ClassificationGold;
import org.enclave.api.sharedtask.scoring.submission.ClassificationSubmission;
import org.enclave.api.sharedtask.scoring.submission.ClassificationTsv;
import org.enclave.api.sharedtask.scoring.submission.LabelSet;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;

/**
 * CLPsych 2021 (MacAvaney et al. 2021): a binary label per user (1 = attempted suicide) and a
 * score. F1, F2, precision, true- and false-positive rate are computed on the submitted labels; ROC
 * AUC on the scores (trapezoidal, tied scores one threshold, see {@link RocAuc}).
 *
 * <p>Degenerate gold: with only one class, AUC is undefined, and so is the false-positive rate (no
 * negatives) or the true-positive rate (no positives): those values are NaN with a note saying why,
 * never an error. Precision and F with a zero denominator are 0, as in {@link BinaryCounts}.
 */
public final class Clpsych2021Suite
    implements MetricSuite<ClassificationGold, ClassificationSubmission> {

  public static final String NAME = "clpsych2021";
  public static final LabelSet LABELS = LabelSet.of("0", "1");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "binary label (1 = positive) and score per user: F1, F2, TPR, FPR, ROC AUC";
  }

  @Override
  public Set<FileFormat> submissionFormats() {
    return Set.of(FileFormat.TSV);
  }

  @Override
  public String primaryMetric() {
    return "f1";
  }

  @Override
  public List<MetricDefinition> metrics() {
    return List.of(
        new MetricDefinition("f1", Direction.HIGHER_IS_BETTER, 1.0, "F1 of label 1"),
        new MetricDefinition(
            "f2", Direction.HIGHER_IS_BETTER, 1.0, "F2 of label 1 (recall weighs 4x)"),
        new MetricDefinition("precision", Direction.HIGHER_IS_BETTER, 1.0, "precision of label 1"),
        new MetricDefinition("tpr", Direction.HIGHER_IS_BETTER, 1.0, "true-positive rate (recall)"),
        new MetricDefinition("fpr", Direction.LOWER_IS_BETTER, 0.0, "false-positive rate"),
        new MetricDefinition("auc", Direction.HIGHER_IS_BETTER, 1.0, "ROC AUC of the scores"));
  }

  @Override
  public ParseResult<ClassificationGold> readGold(InputStream in, ParseLimits limits) {
    return ClassificationTsv.readGold(in, LABELS, limits);
  }

  @Override
  public ParseResult<ClassificationSubmission> readSubmission(
      InputStream in, FileFormat format, ClassificationGold gold, ParseLimits limits) {
    Clpsych2019Suite.requireTsv(format);
    return ClassificationTsv.readSubmission(in, gold, true, limits);
  }

  @Override
  public Scores score(ClassificationGold gold, ClassificationSubmission submission) {
    byte[] truth = gold.labels();
    byte[] predicted = submission.labels();
    boolean[] positive = new boolean[truth.length];
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (int i = 0; i < truth.length; i++) {
      boolean g = truth[i] == 1;
      boolean p = predicted[i] == 1;
      positive[i] = g;
      if (g && p) {
        tp++;
      } else if (p) {
        fp++;
      } else if (g) {
        fn++;
      } else {
        tn++;
      }
    }
    BinaryCounts c = new BinaryCounts(tp, fp, fn, tn);
    String oneClass =
        c.positives() == 0
            ? "undefined: the gold has no positive users"
            : c.negatives() == 0 ? "undefined: the gold has no negative users" : null;
    return new Scores(
        NAME,
        List.of(
            up("f1", c.f1(), null),
            up("f2", c.fBeta(2), null),
            up(
                "precision",
                c.precision(),
                tp + fp == 0 ? "nothing predicted positive: 0/0 counts as 0" : null),
            up("tpr", c.truePositiveRate(), c.positives() == 0 ? oneClass : null),
            new MetricValue(
                "fpr",
                c.falsePositiveRate(),
                Direction.LOWER_IS_BETTER,
                0.0,
                c.negatives() == 0 ? oneClass : null),
            up("auc", RocAuc.compute(positive, submission.scores()), oneClass)));
  }

  private static MetricValue up(String name, double v, String note) {
    return new MetricValue(name, v, Direction.HIGHER_IS_BETTER, 1.0, note);
  }
}
