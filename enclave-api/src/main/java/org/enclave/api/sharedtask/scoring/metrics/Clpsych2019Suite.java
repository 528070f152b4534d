package org.enclave.api.sharedtask.scoring.metrics;

import java.io.InputStream;
import java.util.ArrayList;
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
 * CLPsych 2019 (Zirikly et al., task A/B/C): four ordinal suicide-risk levels per user, a (no
 * risk), b (low), c (moderate), d (severe). Reports macro-F1 over the fixed label list a, b, c, d
 * (a class that is neither in the gold nor predicted has F1 = 0 and still counts in the mean),
 * flagged F1 (positive = b, c or d), urgent F1 (positive = c or d), accuracy, and per-class
 * precision, recall and F1. The submission's score column is optional and unused.
 */
public final class Clpsych2019Suite
    implements MetricSuite<ClassificationGold, ClassificationSubmission> {

  public static final String NAME = "clpsych2019";
  public static final LabelSet LABELS = LabelSet.of("a", "b", "c", "d");
  private static final int FLAGGED_FROM = 1; // b
  private static final int URGENT_FROM = 2; // c

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "four risk levels a/b/c/d per user: macro-F1, flagged F1, urgent F1, accuracy";
  }

  @Override
  public Set<FileFormat> submissionFormats() {
    return Set.of(FileFormat.TSV);
  }

  @Override
  public String primaryMetric() {
    return "macro_f1";
  }

  @Override
  public List<MetricDefinition> metrics() {
    List<MetricDefinition> m = new ArrayList<>();
    m.add(def("macro_f1", "unweighted mean of the F1 of a, b, c and d"));
    m.add(def("flagged_f1", "F1 of flagged (b, c or d) against not flagged (a)"));
    m.add(def("urgent_f1", "F1 of urgent (c or d) against not urgent (a or b)"));
    m.add(def("accuracy", "share of users given their gold level"));
    for (String label : LABELS.labels()) {
      m.add(def("precision_" + label, "precision of level " + label));
      m.add(def("recall_" + label, "recall of level " + label));
      m.add(def("f1_" + label, "F1 of level " + label));
    }
    return m;
  }

  @Override
  public ParseResult<ClassificationGold> readGold(InputStream in, ParseLimits limits) {
    return ClassificationTsv.readGold(in, LABELS, limits);
  }

  @Override
  public ParseResult<ClassificationSubmission> readSubmission(
      InputStream in, FileFormat format, ClassificationGold gold, ParseLimits limits) {
    requireTsv(format);
    return ClassificationTsv.readSubmission(in, gold, false, limits);
  }

  @Override
  public Scores score(ClassificationGold gold, ClassificationSubmission submission) {
    byte[] truth = gold.labels();
    byte[] predicted = submission.labels();
    int k = LABELS.size();
    long[][] confusion = new long[k][k]; // [gold][predicted]
    for (int i = 0; i < truth.length; i++) {
      confusion[truth[i]][predicted[i]]++;
    }
    long correct = 0;
    for (int c = 0; c < k; c++) {
      correct += confusion[c][c];
    }
    List<MetricValue> perClass = new ArrayList<>();
    double f1Sum = 0;
    for (int c = 0; c < k; c++) {
      BinaryCounts counts = oneVsRest(confusion, c);
      String label = LABELS.label(c);
      perClass.add(value("precision_" + label, counts.precision(), note(counts, true)));
      perClass.add(value("recall_" + label, counts.recall(), note(counts, false)));
      perClass.add(value("f1_" + label, counts.f1(), null));
      f1Sum += counts.f1();
    }
    List<MetricValue> values = new ArrayList<>();
    values.add(value("macro_f1", f1Sum / k, null));
    values.add(value("flagged_f1", atLeast(confusion, FLAGGED_FROM).f1(), null));
    values.add(value("urgent_f1", atLeast(confusion, URGENT_FROM).f1(), null));
    values.add(value("accuracy", (double) correct / truth.length, null));
    values.addAll(perClass);
    return new Scores(NAME, values);
  }

  /** Counts for "class c" against every other class. */
  static BinaryCounts oneVsRest(long[][] confusion, int c) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (int g = 0; g < confusion.length; g++) {
      for (int p = 0; p < confusion.length; p++) {
        long x = confusion[g][p];
        if (g == c && p == c) {
          tp += x;
        } else if (p == c) {
          fp += x;
        } else if (g == c) {
          fn += x;
        } else {
          tn += x;
        }
      }
    }
    return new BinaryCounts(tp, fp, fn, tn);
  }

  /** Counts for "level at least {@code from}" against lower levels. */
  static BinaryCounts atLeast(long[][] confusion, int from) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (int g = 0; g < confusion.length; g++) {
      for (int p = 0; p < confusion.length; p++) {
        long x = confusion[g][p];
        boolean gold = g >= from;
        boolean pred = p >= from;
        if (gold && pred) {
          tp += x;
        } else if (pred) {
          fp += x;
        } else if (gold) {
          fn += x;
        } else {
          tn += x;
        }
      }
    }
    return new BinaryCounts(tp, fp, fn, tn);
  }

  private static String note(BinaryCounts c, boolean precision) {
    if (precision && c.tp() + c.fp() == 0) {
      return "no user was given this level: 0/0 counts as 0";
    }
    if (!precision && c.positives() == 0) {
      return "no gold user has this level: 0/0 counts as 0";
    }
    return null;
  }

  static void requireTsv(FileFormat format) {
    if (format != FileFormat.TSV) {
      throw new IllegalArgumentException("classification submissions are TSV only");
    }
  }

  private static MetricDefinition def(String name, String description) {
    return new MetricDefinition(name, Direction.HIGHER_IS_BETTER, 1.0, description);
  }

  private static MetricValue value(String name, double v, String note) {
    return new MetricValue(name, v, Direction.HIGHER_IS_BETTER, 1.0, note);
  }
}
