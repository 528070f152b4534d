package org.enclave.api.sharedtask.scoring.metrics;

import java.util.Arrays;
import java.util.List;
import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;
import org.enclave.api.sharedtask.scoring.io.Parallel;
import org.enclave.api.sharedtask.scoring.io.StableSort;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationGold;

/**
 * Time-biased gain of a ranking of users, plain (TBG, Smucker &amp; Clarke 2012) and hierarchical
 * (hTBG, Shing, Resnik &amp; Oard, ACL 2020), and the best value any ranking reaches on the gold.
 *
 * <p>The assessor goes down the ranking of users. At rank k (1-based) it has spent T(k) = Σ_{i<k}
 * [T_s + P(C=1|R_i)·(α·W_i + β)] seconds, where R_i is whether user i is relevant and W_i is how
 * many words of user i's posts it reads. User k adds gain g_k·exp(−T(k)·ln 2 / h), with g_k =
 * P(C=1|R=1)·P(S=1|R=1) when user k is relevant and at least one of its posts has a stopping
 * probability above 0 (there is evidence to find; as in the authors' reference implementation),
 * else 0.
 *
 * <ul>
 *   <li>TBG: the user is one document of all its posts, W = Σ words (read whole).
 *   <li>hTBG: the assessor reads the user's posts in the submitted post order and stops after post
 *       j with its stopping probability s_j, so W = E[words read] = Σ_j l_j·Π_{m<j} (1 − s_m).
 * </ul>
 *
 * <p>Best possible value: users that carry gain first, by ascending time (equal gains: the shortest
 * first maximises every discount, by an exchange argument), the others after; for hTBG each user's
 * posts in the order that minimises E[words read], by s/l descending (exchange argument: post i
 * before j iff s_i·l_j &gt; s_j·l_i; posts of 0 words first). Hence a ranking's value never exceeds
 * the best (up to rounding in the last bits).
 */
public final class TimeBiasedGain {

  /** Values per half-life, in the order of {@link TbgParameters#halfLives()}. */
  public record Result(double[] tbg, double[] htbg, double[] bestTbg, double[] bestHtbg) {}

  /** Golds with fewer users are scored on the calling thread alone. */
  private static final int PARALLEL_FROM_USERS = 50_000;

  private TimeBiasedGain() {}

  /**
   * Scores the user ranking {@code order} (user indices, best first) with post scores {@code
   * postScores} (indexed by gold post).
   */
  public static Result compute(
      PrioritizationGold gold,
      boolean[] relevant,
      int[] order,
      ChunkedArrays.Doubles postScores,
      TbgParameters params) {
    int ranges = gold.userCount() < PARALLEL_FROM_USERS ? 1 : Parallel.threads() * 4;
    return compute(gold, relevant, order, postScores, params, ranges);
  }

  /** {@link #compute} with the users' readings worked out in {@code ranges} parallel ranges. */
  static Result compute(
      PrioritizationGold gold,
      boolean[] relevant,
      int[] order,
      ChunkedArrays.Doubles postScores,
      TbgParameters params,
      int ranges) {
    int n = gold.userCount();
    boolean[] gainful = new boolean[n];
    double[] totalWords = new double[n];
    double[] expectedWords = new double[n];
    double[] idealWords = new double[n];
    Parallel.map(
        ranges,
        r -> {
          readingOfUsers(
              gold,
              relevant,
              postScores,
              (int) ((long) n * r / ranges),
              (int) ((long) n * (r + 1) / ranges),
              gainful,
              totalWords,
              expectedWords,
              idealWords);
          return r;
        });
    double[] halfLives = params.halfLives().stream().mapToDouble(Double::doubleValue).toArray();
    List<double[]> values = // four independent sums, each in its own ranking order
        Parallel.map(
            4,
            k ->
                switch (k) {
                  case 0 -> gain(order, relevant, gainful, totalWords, params, halfLives);
                  case 1 -> gain(order, relevant, gainful, expectedWords, params, halfLives);
                  case 2 -> best(gainful, totalWords, params, halfLives);
                  default -> best(gainful, idealWords, params, halfLives);
                });
    return new Result(values.get(0), values.get(1), values.get(2), values.get(3));
  }

  /**
   * For users {@code [from, to)}: whether each has gain to give, and the words read of it whole, in
   * the submitted post order and in the best post order (the latter only for users with gain).
   */
  private static void readingOfUsers(
      PrioritizationGold gold,
      boolean[] relevant,
      ChunkedArrays.Doubles postScores,
      int from,
      int to,
      boolean[] gainful,
      double[] totalWords,
      double[] expectedWords,
      double[] idealWords) {
    int[] start = gold.userPostStart();
    ChunkedArrays.Ints byUser = gold.postsByUser();
    ChunkedArrays.Ints words = gold.words();
    ChunkedArrays.Doubles stop = gold.stop();
    int[] perm = new int[64]; // positions within the user's posts (by id ascending)
    double[] key = new double[64];
    int[] tmp = null;
    for (int u = from; u < to; u++) {
      int first = start[u];
      int m = start[u + 1] - first;
      if (perm.length < m) {
        perm = new int[m];
        key = new double[m];
      }
      long total = 0;
      boolean evidence = false;
      for (int i = 0; i < m; i++) {
        int p = byUser.get(first + i);
        perm[i] = i;
        key[i] = postScores.get(p);
        total += words.get(p);
        evidence |= stop.get(p) > 0;
      }
      totalWords[u] = total;
      gainful[u] = relevant[u] && evidence;
      if (evidence) {
        // Submitted post order: score descending, ties by post id ascending (byUser is by id).
        tmp = StableSort.sortByKeyDescending(perm, 0, m, key, tmp);
        expectedWords[u] = expectedWords(byUser, first, perm, m, words, stop);
      } else {
        expectedWords[u] = total; // nothing stops the reading: every order reads every word
      }
      if (gainful[u]) {
        for (int i = 0; i < m; i++) {
          int p = byUser.get(first + i);
          perm[i] = i;
          int w = words.get(p);
          key[i] = w == 0 ? Double.POSITIVE_INFINITY : stop.get(p) / w;
        }
        tmp = StableSort.sortByKeyDescending(perm, 0, m, key, tmp);
        idealWords[u] = expectedWords(byUser, first, perm, m, words, stop);
      }
    }
  }

  /** Σ_j l_j·Π_{m<j}(1 − s_m) over the posts {@code byUser[from + perm[i]]}, i = 0 .. m−1. */
  static double expectedWords(
      ChunkedArrays.Ints byUser,
      int from,
      int[] perm,
      int m,
      ChunkedArrays.Ints words,
      ChunkedArrays.Doubles stop) {
    double reach = 1;
    double sum = 0;
    for (int i = 0; i < m; i++) {
      int p = byUser.get(from + perm[i]);
      sum += words.get(p) * reach;
      reach *= 1 - stop.get(p);
    }
    return sum;
  }

  static double[] gain(
      int[] order,
      boolean[] relevant,
      boolean[] gainful,
      double[] wordsRead,
      TbgParameters params,
      double[] halfLives) {
    double[] decay = new double[halfLives.length];
    for (int h = 0; h < halfLives.length; h++) {
      decay[h] = Math.log(2) / halfLives[h];
    }
    double[] sum = new double[halfLives.length];
    double g = params.relevantGain();
    double time = 0;
    for (int u : order) {
      if (gainful[u]) {
        for (int h = 0; h < halfLives.length; h++) {
          sum[h] += g * Math.exp(-time * decay[h]);
        }
      }
      time += params.itemTime(relevant[u], wordsRead[u]);
    }
    return sum;
  }

  static double[] best(boolean[] gainful, double[] wordsRead, TbgParameters params, double[] hl) {
    int count = 0;
    for (boolean b : gainful) {
      if (b) {
        count++;
      }
    }
    double[] w = new double[count];
    int i = 0;
    for (int u = 0; u < gainful.length; u++) {
      if (gainful[u]) {
        w[i++] = wordsRead[u];
      }
    }
    Arrays.sort(w);
    int[] order = new int[count];
    boolean[] all = new boolean[count];
    Arrays.fill(all, true);
    for (int k = 0; k < count; k++) {
      order[k] = k;
    }
    return gain(order, all, all, w, params, hl);
  }
}
