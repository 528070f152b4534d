package org.enclave.api.sharedtask.scoring.metrics;

/**
 * Ranking measures for one query with trec_eval 9.0.4's definitions. A ranking is given as the
 * relevance grades of the retrieved items in rank order ({@code ranked}); {@code judged} holds the
 * grades of every judged item of the query (the qrels), retrieved or not.
 *
 * <ul>
 *   <li>An item is relevant when its grade is at least {@code relevantFrom} (trec_eval's {@code
 *       -l}, default 1). P@k, MAP and R-precision use that binary relevance.
 *   <li>nDCG uses the grade itself as the gain (trec_eval's default gains, independent of {@code
 *       -l}) and the discount 1/log2(rank + 1); the ideal ranking sorts all judged grades
 *       descending.
 *   <li>P@k divides by k even when fewer than k items were retrieved; MAP sums the precision at
 *       each relevant retrieved item and divides by the number of relevant judged items (0 when
 *       there are none); R-precision is the precision at rank R = number of relevant judged items.
 * </ul>
 *
 * trec_eval orders a run by score descending and breaks ties by document id <em>descending</em>;
 * these methods take the order as given, so a caller decides the tie order (the prioritization
 * suite's is id ascending, see docs/metrics.md).
 */
public final class TrecRankingMetrics {

  private TrecRankingMetrics() {}

  public static double precisionAt(int[] ranked, int k, int relevantFrom) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.length); i++) {
      if (ranked[i] >= relevantFrom) {
        hits++;
      }
    }
    return (double) hits / k;
  }

  public static double averagePrecision(int[] ranked, int[] judged, int relevantFrom) {
    int relevant = countRelevant(judged, relevantFrom);
    if (relevant == 0) {
      return 0;
    }
    int hits = 0;
    double sum = 0;
    for (int i = 0; i < ranked.length; i++) {
      if (ranked[i] >= relevantFrom) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return sum / relevant;
  }

  public static double rPrecision(int[] ranked, int[] judged, int relevantFrom) {
    int relevant = countRelevant(judged, relevantFrom);
    if (relevant == 0) {
      return 0;
    }
    return precisionAt(ranked, relevant, relevantFrom);
  }

  /** nDCG over the first k ranks ({@code Integer.MAX_VALUE} for all); 0 when no gain exists. */
  public static double ndcgAt(int[] ranked, int[] idealDescending, int k) {
    double ideal = dcg(idealDescending, k);
    return ideal == 0 ? 0 : dcg(ranked, k) / ideal;
  }

  /** Σ_{i<k} gain_i / log2(i + 2) (rank i + 1, 1-based); negative grades give no gain. */
  public static double dcg(int[] gains, int k) {
    double sum = 0;
    int n = Math.min(k, gains.length);
    for (int i = 0; i < n; i++) {
      if (gains[i] > 0) {
        sum += gains[i] / log2(i + 2);
      }
    }
    return sum;
  }

  /**
   * The judged grades sorted descending: the ideal ranking for nDCG. Counted when the grades span a
   * small range (as the prioritization suite's 0 to 1000 do), else sorted.
   */
  public static int[] idealGrades(int[] judged) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int g : judged) {
      min = Math.min(min, g);
      max = Math.max(max, g);
    }
    int[] sorted = new int[judged.length];
    if (judged.length > 0 && (long) max - min < 1 << 16) {
      int[] count = new int[max - min + 1];
      for (int g : judged) {
        count[g - min]++;
      }
      int at = 0;
      for (int v = count.length - 1; v >= 0; v--) {
        java.util.Arrays.fill(sorted, at, at + count[v], v + min);
        at += count[v];
      }
      return sorted;
    }
    System.arraycopy(judged, 0, sorted, 0, judged.length);
    java.util.Arrays.sort(sorted);
    for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
      int t = sorted[i];
      sorted[i] = sorted[j];
      sorted[j] = t;
    }
    return sorted;
  }

  public static int countRelevant(int[] judged, int relevantFrom) {
    int c = 0;
    for (int g : judged) {
      if (g >= relevantFrom) {
        c++;
      }
    }
    return c;
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }
}
