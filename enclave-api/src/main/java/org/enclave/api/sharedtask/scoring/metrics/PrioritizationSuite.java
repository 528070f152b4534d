package org.enclave.api.sharedtask.scoring.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.MetricDefinition;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.enclave.api.sharedtask.scoring.Scores;
import org.enclave.api.sharedtask.scoring.io.StableSort;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationGold;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationJson;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationSubmission;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationTsv;

/**
 * Prioritization (Shing, Resnik &amp; Oard, ACL 2020): rank users by risk, and each user's posts by
 * how much they show it. Reports hTBG and TBG at each half-life with the best possible value beside
 * each (see {@link TimeBiasedGain}), then nDCG@k, nDCG, P@k, MAP and R-precision of the user
 * ranking with trec_eval's definitions (see {@link TrecRankingMetrics}).
 *
 * <p>Ranking order: users by submitted score descending, ties by user id ascending (bytewise, i.e.
 * Unicode code point order); each user's posts likewise by score descending, then post id
 * ascending. A user is relevant when its gold grade is at least {@code relevantFrom} (default 1).
 */
public final class PrioritizationSuite
    implements MetricSuite<PrioritizationGold, PrioritizationSubmission> {

  public static final String NAME = "prioritization";

  /** The cutoffs of nDCG@k and P@k. */
  public static final List<Integer> DEFAULT_CUTOFFS = List.of(5, 10, 20, 100);

  private final TbgParameters params;
  private final List<Integer> cutoffs;
  private final int relevantFrom;

  public PrioritizationSuite() {
    this(TbgParameters.DEFAULT, DEFAULT_CUTOFFS, 1);
  }

  public PrioritizationSuite(TbgParameters params, List<Integer> cutoffs, int relevantFrom) {
    if (cutoffs.stream().anyMatch(k -> k <= 0) || relevantFrom < 1) {
      throw new IllegalArgumentException("cutoffs and relevantFrom must be positive");
    }
    this.params = params;
    this.cutoffs = List.copyOf(cutoffs);
    this.relevantFrom = relevantFrom;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "rank users by risk and their posts by evidence: hTBG, TBG, nDCG, P@k, MAP, R-precision";
  }

  @Override
  public Set<FileFormat> submissionFormats() {
    return Set.of(FileFormat.TSV, FileFormat.JSON);
  }

  @Override
  public String primaryMetric() {
    return htbgName(params.halfLives().get(0));
  }

  @Override
  public List<MetricDefinition> metrics() {
    List<MetricDefinition> m = new ArrayList<>();
    for (double h : params.halfLives()) {
      m.add(
          new MetricDefinition(
              htbgName(h),
              Direction.HIGHER_IS_BETTER,
              null,
              "hierarchical time-biased gain, half-life " + h + " s"));
    }
    for (double h : params.halfLives()) {
      m.add(
          new MetricDefinition(
              tbgName(h),
              Direction.HIGHER_IS_BETTER,
              null,
              "time-biased gain, half-life " + h + " s"));
    }
    for (int k : cutoffs) {
      m.add(
          new MetricDefinition(
              "ndcg_cut_" + k,
              Direction.HIGHER_IS_BETTER,
              1.0,
              "nDCG of the first " + k + " users"));
    }
    m.add(
        new MetricDefinition(
            "ndcg", Direction.HIGHER_IS_BETTER, 1.0, "nDCG of the whole user ranking"));
    for (int k : cutoffs) {
      m.add(
          new MetricDefinition(
              "p_" + k,
              Direction.HIGHER_IS_BETTER,
              null,
              "precision of the first " + k + " users"));
    }
    m.add(
        new MetricDefinition(
            "map", Direction.HIGHER_IS_BETTER, 1.0, "average precision of the user ranking"));
    m.add(
        new MetricDefinition(
            "r_precision",
            Direction.HIGHER_IS_BETTER,
            1.0,
            "precision at rank R = number of relevant users"));
    return m;
  }

  @Override
  public ParseResult<PrioritizationGold> readGold(InputStream in, ParseLimits limits) {
    return PrioritizationTsv.readGold(in, limits);
  }

  @Override
  public ParseResult<PrioritizationSubmission> readSubmission(
      InputStream in, FileFormat format, PrioritizationGold gold, ParseLimits limits) {
    return switch (format) {
      case TSV -> PrioritizationTsv.readSubmission(in, gold, limits);
      case JSON -> PrioritizationJson.readSubmission(in, gold, limits);
    };
  }

  @Override
  public ParseResult<PrioritizationSubmission> readSubmission(
      Path file, FileFormat format, PrioritizationGold gold, ParseLimits limits)
      throws IOException {
    return switch (format) {
      case TSV -> PrioritizationTsv.readSubmission(file, gold, limits);
      case JSON -> PrioritizationJson.readSubmission(file, gold, limits);
    };
  }

  /** The user ranking of a submission: score descending, ties by user id ascending. */
  public static int[] userOrder(PrioritizationGold gold, PrioritizationSubmission submission) {
    int[] order = gold.usersById().clone();
    StableSort.radixByKeyDescending(order, submission.userScores());
    return order;
  }

  @Override
  public Scores score(PrioritizationGold gold, PrioritizationSubmission submission) {
    int n = gold.userCount();
    int[] grade = gold.grade();
    boolean[] relevant = new boolean[n];
    for (int u = 0; u < n; u++) {
      relevant[u] = grade[u] >= relevantFrom;
    }
    int[] order = userOrder(gold, submission);
    TimeBiasedGain.Result tbg =
        TimeBiasedGain.compute(gold, relevant, order, submission.postScores(), params);
    int[] ranked = new int[n];
    for (int i = 0; i < n; i++) {
      ranked[i] = grade[order[i]];
    }
    int[] ideal = TrecRankingMetrics.idealGrades(grade);
    int relevantCount = TrecRankingMetrics.countRelevant(grade, relevantFrom);
    String noRelevant = relevantCount == 0 ? "the gold has no relevant user" : null;

    List<MetricValue> values = new ArrayList<>();
    List<Double> halfLives = params.halfLives();
    for (int h = 0; h < halfLives.size(); h++) {
      values.add(gain(htbgName(halfLives.get(h)), tbg.htbg()[h], tbg.bestHtbg()[h]));
    }
    for (int h = 0; h < halfLives.size(); h++) {
      values.add(gain(tbgName(halfLives.get(h)), tbg.tbg()[h], tbg.bestTbg()[h]));
    }
    boolean anyGain = ideal.length > 0 && ideal[0] > 0;
    String noGain = anyGain ? null : "no user has a grade above 0: nDCG is 0 by trec_eval's rule";
    for (int k : cutoffs) {
      values.add(up("ndcg_cut_" + k, TrecRankingMetrics.ndcgAt(ranked, ideal, k), 1.0, noGain));
    }
    values.add(
        up("ndcg", TrecRankingMetrics.ndcgAt(ranked, ideal, Integer.MAX_VALUE), 1.0, noGain));
    for (int k : cutoffs) {
      double best = (double) Math.min(k, relevantCount) / k;
      values.add(up("p_" + k, TrecRankingMetrics.precisionAt(ranked, k, relevantFrom), best, null));
    }
    double oneIfAny = relevantCount == 0 ? 0.0 : 1.0;
    values.add(
        up(
            "map",
            TrecRankingMetrics.averagePrecision(ranked, grade, relevantFrom),
            oneIfAny,
            noRelevant));
    values.add(
        up(
            "r_precision",
            TrecRankingMetrics.rPrecision(ranked, grade, relevantFrom),
            oneIfAny,
            noRelevant));
    return new Scores(NAME, values);
  }

  private static MetricValue gain(String name, double value, double best) {
    return new MetricValue(
        name,
        value,
        Direction.HIGHER_IS_BETTER,
        best,
        best == 0 ? "no relevant user has evidence in its posts: no ranking gains anything" : null);
  }

  private static MetricValue up(String name, double value, double best, String note) {
    return new MetricValue(name, value, Direction.HIGHER_IS_BETTER, best, note);
  }

  static String htbgName(double halfLife) {
    return "htbg_" + seconds(halfLife);
  }

  static String tbgName(double halfLife) {
    return "tbg_" + seconds(halfLife);
  }

  private static String seconds(double h) {
    return h == Math.rint(h) ? Long.toString((long) h) : Double.toString(h);
  }
}
