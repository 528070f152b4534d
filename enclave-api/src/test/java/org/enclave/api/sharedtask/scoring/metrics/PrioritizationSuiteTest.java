package org.enclave.api.sharedtask.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.enclave.api.sharedtask.scoring.Scores;
import org.enclave.api.sharedtask.scoring.io.ChunkedArrays;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationGold;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationSubmission;
import org.junit.jupiter.api.Test;

class PrioritizationSuiteTest {

  private static final double EPS = 1e-12;

  /**
   * The two queries of the hTBG authors' published example (their README: truth.json and
   * prediction.json, evaluated at half-lives 3, 5 and 10 s), each as a gold of its own.
   */
  private static final String Q1_GOLD =
      """
      user\tuser_1\t1
      post\tuser_1\tdoc_1\t56\t0.2
      post\tuser_1\tdoc_2\t194\t0.1
      user\tuser_2\t0
      post\tuser_2\tdoc_1\t35\t0
      post\tuser_2\tdoc_2\t14\t0
      post\tuser_2\tdoc_3\t46\t0
      user\tuser_3\t1
      post\tuser_3\tdoc_1\t35\t0
      post\tuser_3\tdoc_2\t14\t0.5
      post\tuser_3\tdoc_3\t46\t0.7
      """;

  private static final String Q1_RUN =
      """
      user\tuser_1\t0.56
      post\tuser_1\tdoc_1\t0.6
      post\tuser_1\tdoc_2\t0.4
      user\tuser_2\t0.45
      post\tuser_2\tdoc_1\t0.1
      post\tuser_2\tdoc_2\t0.3
      post\tuser_2\tdoc_3\t0.4
      user\tuser_3\t0.46
      post\tuser_3\tdoc_1\t0.5
      post\tuser_3\tdoc_2\t0.3
      post\tuser_3\tdoc_3\t0.4
      """;

  private static final String Q2_GOLD =
      """
      user\tuser_1\t0
      post\tuser_1\tdoc_1\t56\t0
      post\tuser_1\tdoc_2\t194\t0
      user\tuser_2\t1
      post\tuser_2\tdoc_1\t35\t0.3
      post\tuser_2\tdoc_2\t14\t0.3
      post\tuser_2\tdoc_3\t46\t0.1
      user\tuser_3\t1
      post\tuser_3\tdoc_1\t35\t0.3
      post\tuser_3\tdoc_2\t14\t0.3
      post\tuser_3\tdoc_3\t46\t0.1
      """;

  private static final String Q2_RUN =
      """
      user\tuser_1\t0.56
      post\tuser_1\tdoc_1\t0.2
      post\tuser_1\tdoc_2\t0.6
      user\tuser_2\t0.45
      post\tuser_2\tdoc_1\t0.1
      post\tuser_2\tdoc_2\t0.5
      post\tuser_2\tdoc_3\t0.6
      user\tuser_3\t0.43
      post\tuser_3\tdoc_1\t0.1
      post\tuser_3\tdoc_2\t0.5
      post\tuser_3\tdoc_3\t0.6
      """;

  private final PrioritizationSuite shortHalfLives =
      new PrioritizationSuite(
          new TbgParameters(0.64, 0.39, 0.77, 4.4, 0.018, 7.8, List.of(3.0, 5.0, 10.0)),
          PrioritizationSuite.DEFAULT_CUTOFFS,
          1);
  private final PrioritizationSuite suite = new PrioritizationSuite();

  @Test
  void reproducesTheAuthorsPublishedExample() {
    // q_1 ranking: user_1 (0.56), user_3 (0.46), user_2 (0.45).
    // Rank 1, user_1: T = 0, gain 0.64·0.77 = 0.4928.
    //   user_1 reads doc_1 (56 words, stop 0.2) then doc_2 (194): E[words] = 56 + 0.8·194 = 211.2
    //   time = 4.4 + 0.64·(0.018·211.2 + 7.8) = 4.4 + 0.64·11.6016 = 11.825024 s
    // Rank 2, user_3: gain 0.4928·2^(−11.825024/3) = 0.4928·0.06514… = 0.03210…
    // Rank 3, user_2 is not relevant: no gain. hTBG(3 s) = 0.52487…, as published.
    Scores q1 = Inputs.score(shortHalfLives, Q1_GOLD, Q1_RUN);
    assertThat(q1.value("htbg_3")).isCloseTo(0.5248706964598764, within(EPS));
    assertThat(q1.value("htbg_5")).isCloseTo(0.588460647126441, within(EPS));
    assertThat(q1.value("htbg_10")).isCloseTo(0.7099210881142366, within(EPS));
    assertThat(q1.metric("htbg_3").best()).isCloseTo(0.543081360426777, within(EPS));
    assertThat(q1.metric("htbg_5").best()).isCloseTo(0.6180888697456681, within(EPS));
    assertThat(q1.metric("htbg_10").best()).isCloseTo(0.7412800897670984, within(EPS));

    Scores q2 = Inputs.score(shortHalfLives, Q2_GOLD, Q2_RUN);
    assertThat(q2.value("htbg_3")).isCloseTo(0.06428104166337158, within(EPS));
    assertThat(q2.value("htbg_5")).isCloseTo(0.17063498548694406, within(EPS));
    assertThat(q2.value("htbg_10")).isCloseTo(0.3878882375890544, within(EPS));
    assertThat(q2.metric("htbg_3").best()).isCloseTo(0.5406284846869924, within(EPS));
    assertThat(q2.metric("htbg_5").best()).isCloseTo(0.6143850709821594, within(EPS));
    assertThat(q2.metric("htbg_10").best()).isCloseTo(0.7375797438106515, within(EPS));
  }

  @Test
  void plainTbgReadsWholeUsersAtTheDefaultHalfLives() {
    // q_1 ranking user_1, user_3, user_2; TBG reads every word of a user.
    // user_1: 56 + 194 = 250 words; time = 4.4 + 0.64·(0.018·250 + 7.8) = 4.4 + 0.64·12.3 = 12.272
    // TBG(h) = 0.4928 + 0.4928·2^(−12.272/h)
    // Best: relevant users by total words ascending: user_3 (95 words) first, then user_1:
    //   time(user_3) = 4.4 + 0.64·(0.018·95 + 7.8) = 4.4 + 0.64·9.51 = 10.4864
    //   best TBG(h) = 0.4928 + 0.4928·2^(−10.4864/h)
    Scores s = Inputs.score(suite, Q1_GOLD, Q1_RUN);
    for (double h : new double[] {224, 1800}) {
      String name = "tbg_" + (int) h;
      assertThat(s.value(name)).isCloseTo(0.4928 * (1 + Math.pow(2, -12.272 / h)), within(EPS));
      assertThat(s.metric(name).best())
          .isCloseTo(0.4928 * (1 + Math.pow(2, -10.4864 / h)), within(EPS));
    }
    assertThat(s.values())
        .extracting(MetricValue::name)
        .startsWith("htbg_224", "htbg_1800", "tbg_224", "tbg_1800");
  }

  @Test
  void rankingMeasuresOfTheUserRanking() {
    // Ranking by score: u3 (grade 0), u2 (grade 1), u1 (grade 2). R = 2 relevant (grade ≥ 1).
    // DCG = 0/log2(2) + 1/log2(3) + 2/log2(4) = 0.63093 + 1 = 1.63093
    // IDCG = 2/log2(2) + 1/log2(3) = 2.63093 → nDCG = 0.61991 (trec_eval prints 0.6199)
    // AP = (1/2 + 2/3) / 2 = 7/12; R-precision = P@2 = 1/2; P@5 = 2/5
    String gold = "user\tu1\t2\nuser\tu2\t1\nuser\tu3\t0\n";
    String run = "user\tu1\t1\nuser\tu2\t2\nuser\tu3\t3\n";
    Scores s = Inputs.score(suite, gold, run);
    double dcg = 1 / log2(3) + 1;
    double idcg = 2 + 1 / log2(3);
    assertThat(s.value("ndcg")).isCloseTo(dcg / idcg, within(EPS));
    assertThat(s.value("ndcg_cut_5")).isCloseTo(dcg / idcg, within(EPS));
    assertThat(s.value("map")).isCloseTo(7.0 / 12, within(EPS));
    assertThat(s.value("r_precision")).isEqualTo(0.5);
    assertThat(s.value("p_5")).isEqualTo(0.4);
    assertThat(s.metric("p_5").best()).isEqualTo(0.4); // only 2 relevant users: 2/5 at best
    // no user has posts with evidence: hTBG and its best are 0
    assertThat(s.value("htbg_224")).isZero();
    assertThat(s.metric("htbg_224").best()).isZero();
    assertThat(s.metric("htbg_224").note()).contains("no relevant user has evidence");
  }

  @Test
  void tiedUserScoresRankByUserIdAscending() {
    // Both users score 0.5: "a" (grade 0) ranks before "b" (grade 1) → P@1 = 0, nDCG = 1/log2(3).
    String gold = "user\tb\t1\nuser\ta\t0\n";
    Scores s = Inputs.score(suite, gold, "user\tb\t0.5\nuser\ta\t0.5\n");
    assertThat(s.value("ndcg")).isCloseTo(1 / log2(3), within(EPS));
    // Renamed so that the relevant user has the smaller id, it now comes first.
    Scores swapped =
        Inputs.score(suite, "user\ta\t1\nuser\tb\t0\n", "user\tb\t0.5\nuser\ta\t0.5\n");
    assertThat(swapped.value("ndcg")).isEqualTo(1.0);
  }

  @Test
  void tiedPostScoresReadByPostIdAscending() {
    // One relevant user, posts p1 (100 words, stop 0) and p2 (10 words, stop 1), both scored 0.
    // Ties → p1 then p2: E[words] = 100 + 10 = 110, the assessor time is irrelevant at rank 1, so
    // put a second relevant user behind it to see the time: u0 (score 1) then u1 (score 0).
    String gold =
        "user\tu0\t1\npost\tu0\tp1\t100\t0\npost\tu0\tp2\t10\t1\n"
            + "user\tu1\t1\npost\tu1\tq\t5\t1\n";
    String tied = "user\tu0\t1\nuser\tu1\t0\npost\tu0\tp1\t0\npost\tu0\tp2\t0\npost\tu1\tq\t0\n";
    String p2First = tied.replace("post\tu0\tp2\t0", "post\tu0\tp2\t1");
    // time(u0) = 4.4 + 0.64·(0.018·110 + 7.8) vs with p2 first: E[words] = 10 (stop 1)
    double tiedTime = 4.4 + 0.64 * (0.018 * 110 + 7.8);
    double bestTime = 4.4 + 0.64 * (0.018 * 10 + 7.8);
    Scores s = Inputs.score(suite, gold, tied);
    assertThat(s.value("htbg_224"))
        .isCloseTo(0.4928 * (1 + Math.pow(2, -tiedTime / 224)), within(EPS));
    Scores best = Inputs.score(suite, gold, p2First);
    assertThat(best.value("htbg_224"))
        .isCloseTo(0.4928 * (1 + Math.pow(2, -bestTime / 224)), within(EPS));
    // The best ranking also puts u1 (5 words) before u0 (10 words at best).
    double idealTime = 4.4 + 0.64 * (0.018 * 5 + 7.8);
    assertThat(best.metric("htbg_224").best())
        .isCloseTo(0.4928 * (1 + Math.pow(2, -idealTime / 224)), within(EPS));
  }

  @Test
  void relevantUserWithoutEvidenceGainsNothing() {
    // u1 is relevant but no post has a stopping probability above 0: no gain, as in the
    // authors' implementation; its reading time still counts for the users after it.
    String gold = "user\tu1\t3\npost\tu1\tp\t20\t0\nuser\tu2\t1\npost\tu2\tp\t20\t0.5\n";
    Scores s =
        Inputs.score(suite, gold, "user\tu1\t2\nuser\tu2\t1\npost\tu1\tp\t0\npost\tu2\tp\t0\n");
    double time = 4.4 + 0.64 * (0.018 * 20 + 7.8);
    assertThat(s.value("htbg_224")).isCloseTo(0.4928 * Math.pow(2, -time / 224), within(EPS));
    assertThat(s.metric("htbg_224").best()).isCloseTo(0.4928, within(EPS));
  }

  @Test
  void bestValueIsTheMaximumOverEveryRankingOfSmallGolds() {
    Random random = new Random(2020);
    for (int round = 0; round < 25; round++) {
      Gold g = Gold.random(random, 2 + random.nextInt(3), 1 + random.nextInt(3));
      PrioritizationGold gold = g.parse();
      double bestSeen = Double.NEGATIVE_INFINITY;
      double bestTbgSeen = Double.NEGATIVE_INFINITY;
      for (List<Integer> userOrder : permutations(g.users.size())) {
        // post orders: every permutation for every user (small: ≤ 3 posts, ≤ 4 users)
        for (int[] postRanks : postRankings(g)) {
          Scores s = suite.score(gold, g.submission(gold, userOrder, postRanks));
          bestSeen = Math.max(bestSeen, s.value("htbg_224"));
          bestTbgSeen = Math.max(bestTbgSeen, s.value("tbg_224"));
          assertThat(s.value("htbg_224")).isLessThanOrEqualTo(s.metric("htbg_224").best() + EPS);
          assertThat(s.value("htbg_1800")).isLessThanOrEqualTo(s.metric("htbg_1800").best() + EPS);
          assertThat(s.value("tbg_224")).isLessThanOrEqualTo(s.metric("tbg_224").best() + EPS);
          assertThat(s.value("htbg_224")).isGreaterThanOrEqualTo(s.value("tbg_224") - EPS);
        }
      }
      Scores any = suite.score(gold, g.submission(gold, range(g.users.size()), new int[0]));
      assertThat(bestSeen).isCloseTo(any.metric("htbg_224").best(), within(EPS));
      assertThat(bestTbgSeen).isCloseTo(any.metric("tbg_224").best(), within(EPS));
    }
  }

  @Test
  void randomSubmissionsNeverExceedTheBestAndRowOrderDoesNotMatter() {
    Random random = new Random(42);
    for (int round = 0; round < 30; round++) {
      Gold g = Gold.random(random, 5 + random.nextInt(200), 1 + random.nextInt(12));
      List<String> rows = g.randomRun(random);
      Scores s = Inputs.score(suite, g.text(), String.join("", rows));
      for (MetricValue v : s.values()) {
        if (v.best() != null) {
          assertThat(v.value()).as(v.name()).isLessThanOrEqualTo(v.best() + EPS);
        }
      }
      Collections.shuffle(rows, random);
      assertThat(Inputs.score(suite, g.text(), String.join("", rows))).isEqualTo(s);
      assertThat(Inputs.score(suite, g.text(), g.json(rows), FileFormat.JSON)).isEqualTo(s);
    }
  }

  @Test
  void usersReadInParallelRangesGiveTheSameGains() {
    Random random = new Random(12);
    Gold g = Gold.random(random, 3000, 12);
    PrioritizationGold gold = g.parse();
    PrioritizationSubmission s =
        suite
            .readSubmission(
                Inputs.text(String.join("", g.randomRun(random))),
                FileFormat.TSV,
                gold,
                ParseLimits.DEFAULT)
            .value();
    boolean[] relevant = new boolean[gold.userCount()];
    for (int u = 0; u < relevant.length; u++) {
      relevant[u] = gold.grade()[u] >= 1;
    }
    int[] order = PrioritizationSuite.userOrder(gold, s);
    TimeBiasedGain.Result one =
        TimeBiasedGain.compute(gold, relevant, order, s.postScores(), TbgParameters.DEFAULT, 1);
    TimeBiasedGain.Result seven =
        TimeBiasedGain.compute(gold, relevant, order, s.postScores(), TbgParameters.DEFAULT, 7);
    assertThat(seven.htbg()).isEqualTo(one.htbg());
    assertThat(seven.tbg()).isEqualTo(one.tbg());
    assertThat(seven.bestHtbg()).isEqualTo(one.bestHtbg());
    assertThat(seven.bestTbg()).isEqualTo(one.bestTbg());
  }

  @Test
  void idealGradesAreTheGradesDescendingWhateverTheirRange() {
    Random random = new Random(21);
    for (int bound : new int[] {1, 4, 1001, 1 << 20, Integer.MAX_VALUE}) {
      int[] grades = random.ints(500, -bound / 2, bound / 2 + 1).toArray();
      int[] expected =
          java.util.Arrays.stream(grades)
              .boxed()
              .sorted(Collections.reverseOrder())
              .mapToInt(Integer::intValue)
              .toArray();
      assertThat(TrecRankingMetrics.idealGrades(grades)).isEqualTo(expected);
    }
    assertThat(TrecRankingMetrics.idealGrades(new int[0])).isEmpty();
  }

  @Test
  void goldRowOrderDoesNotMatter() {
    Random random = new Random(8);
    for (int round = 0; round < 10; round++) {
      Gold g = Gold.random(random, 5 + random.nextInt(50), 1 + random.nextInt(8));
      String run = String.join("", g.randomRun(random));
      Scores grouped = Inputs.score(suite, g.text(), run);
      List<String> lines = new ArrayList<>(List.of(g.text().split("(?<=\n)")));
      Collections.shuffle(lines, random); // posts of a user no longer together
      assertThat(Inputs.score(suite, String.join("", lines), run)).isEqualTo(grouped);
    }
  }

  @Test
  void movingARelevantUserWithEvidenceUpNeverLowersTheGains() {
    Random random = new Random(99);
    for (int round = 0; round < 50; round++) {
      Gold g = Gold.random(random, 3 + random.nextInt(30), 1 + random.nextInt(6));
      PrioritizationGold gold = g.parse();
      List<Integer> order = range(g.users.size());
      Collections.shuffle(order, random);
      int[] postRanks = new int[gold.postCount()];
      for (int i = 0; i < postRanks.length; i++) {
        postRanks[i] = random.nextInt(1000);
      }
      Scores before = suite.score(gold, g.submission(gold, order, postRanks));
      // find a gainful user with a non-relevant user just above it, and swap the two
      for (int k = 1; k < order.size(); k++) {
        int up = order.get(k);
        int down = order.get(k - 1);
        if (g.gainful(up) && g.users.get(down).grade == 0) {
          Collections.swap(order, k, k - 1);
          Scores after = suite.score(gold, g.submission(gold, order, postRanks));
          for (String m : List.of("htbg_224", "htbg_1800", "tbg_224", "tbg_1800")) {
            assertThat(after.value(m)).as(m).isGreaterThanOrEqualTo(before.value(m) - EPS);
          }
          break;
        }
      }
    }
  }

  @Test
  void perfectSubmissionScoresTheBestValue() {
    Random random = new Random(3);
    for (int round = 0; round < 30; round++) {
      Gold g = Gold.random(random, 2 + random.nextInt(100), 1 + random.nextInt(10));
      PrioritizationGold gold = g.parse();
      // Ideal: gainful users first by ideal reading time, posts by stop/words descending.
      List<Integer> order = range(g.users.size());
      double[] idealWords = new double[g.users.size()];
      int[] postRanks = new int[gold.postCount()];
      for (int u = 0; u < g.users.size(); u++) {
        List<Post> posts = new ArrayList<>(g.users.get(u).posts);
        posts.sort((a, b) -> Double.compare(b.ratio(), a.ratio()));
        double reach = 1;
        for (int i = 0; i < posts.size(); i++) {
          idealWords[u] += posts.get(i).words * reach;
          reach *= 1 - posts.get(i).stop;
          Post p = posts.get(i);
          postRanks[gold.findPost(u, p.idBytes(), 0, p.idBytes().length)] = posts.size() - i;
        }
      }
      order.sort(
          (a, b) -> {
            boolean ga = g.gainful(a);
            boolean gb = g.gainful(b);
            if (ga != gb) {
              return ga ? -1 : 1;
            }
            return Double.compare(idealWords[a], idealWords[b]);
          });
      Scores s = suite.score(gold, g.submission(gold, order, postRanks));
      for (String m : List.of("htbg_224", "htbg_1800")) {
        assertThat(s.value(m)).as(m).isCloseTo(s.metric(m).best(), within(EPS));
      }
    }
  }

  @Test
  void perfectUserRankingScoresOneOnTheRankingMeasures() {
    Random random = new Random(4);
    Gold g = Gold.random(random, 300, 2);
    PrioritizationGold gold = g.parse();
    List<Integer> order = range(g.users.size());
    order.sort((a, b) -> Integer.compare(g.users.get(b).grade, g.users.get(a).grade));
    Scores s = suite.score(gold, g.submission(gold, order, new int[gold.postCount()]));
    for (MetricValue v : s.values()) {
      if (!v.name().startsWith("htbg") && !v.name().startsWith("tbg")) {
        assertThat(v.value()).as(v.name()).isCloseTo(v.best(), within(EPS));
      }
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }

  static List<List<Integer>> permutations(int n) {
    List<List<Integer>> out = new ArrayList<>();
    permute(range(n), 0, out);
    return out;
  }

  private static void permute(List<Integer> a, int k, List<List<Integer>> out) {
    if (k == a.size()) {
      out.add(new ArrayList<>(a));
      return;
    }
    for (int i = k; i < a.size(); i++) {
      Collections.swap(a, k, i);
      permute(a, k + 1, out);
      Collections.swap(a, k, i);
    }
  }

  /** Every combination of post permutations, as a rank per gold post index (higher first). */
  private static List<int[]> postRankings(Gold g) {
    PrioritizationGold gold = g.parse();
    List<int[]> out = new ArrayList<>();
    out.add(new int[gold.postCount()]);
    for (int u = 0; u < g.users.size(); u++) {
      List<int[]> next = new ArrayList<>();
      int from = gold.userPostStart()[u];
      int m = gold.userPostStart()[u + 1] - from;
      for (List<Integer> perm : permutations(m)) {
        for (int[] base : out) {
          int[] r = base.clone();
          for (int i = 0; i < m; i++) {
            r[gold.postsByUser().get(from + perm.get(i))] = m - i;
          }
          next.add(r);
        }
      }
      out = next;
    }
    return out;
  }

  record Post(String id, int words, double stop) {
    double ratio() {
      return words == 0 ? Double.POSITIVE_INFINITY : stop / words;
    }

    byte[] idBytes() {
      return id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  record User(String id, int grade, List<Post> posts) {}

  /** A random gold, and submissions built for it. */
  record Gold(List<User> users) {

    static Gold random(Random random, int n, int maxPosts) {
      List<User> users = new ArrayList<>();
      for (int u = 0; u < n; u++) {
        List<Post> posts = new ArrayList<>();
        int m = random.nextInt(maxPosts + 1);
        for (int p = 0; p < m; p++) {
          double stop = random.nextInt(3) == 0 ? 0 : random.nextInt(101) / 100.0;
          posts.add(new Post("p" + p, random.nextInt(5) == 0 ? 0 : random.nextInt(400), stop));
        }
        users.add(new User("u" + u, random.nextInt(4), posts));
      }
      return new Gold(users);
    }

    boolean gainful(int u) {
      return users.get(u).grade >= 1 && users.get(u).posts.stream().anyMatch(p -> p.stop > 0);
    }

    String text() {
      StringBuilder b = new StringBuilder();
      for (User u : users) {
        b.append("user\t").append(u.id).append('\t').append(u.grade).append('\n');
        for (Post p : u.posts) {
          b.append("post\t").append(u.id).append('\t').append(p.id).append('\t');
          b.append(p.words).append('\t').append(p.stop).append('\n');
        }
      }
      return b.toString();
    }

    PrioritizationGold parse() {
      return new PrioritizationSuite().readGold(Inputs.text(text()), ParseLimits.DEFAULT).value();
    }

    /** Users ranked as {@code order} (distinct scores), posts scored by {@code postRanks}. */
    PrioritizationSubmission submission(
        PrioritizationGold gold, List<Integer> order, int[] postRanks) {
      double[] userScores = new double[users.size()];
      for (int i = 0; i < order.size(); i++) {
        userScores[order.get(i)] = order.size() - i;
      }
      double[] postScores = new double[gold.postCount()];
      for (int p = 0; p < postRanks.length; p++) {
        postScores[p] = postRanks[p];
      }
      return new PrioritizationSubmission(userScores, ChunkedArrays.Doubles.of(postScores));
    }

    /** TSV rows with random scores, a few ties among them. */
    List<String> randomRun(Random random) {
      List<String> rows = new ArrayList<>();
      for (User u : users) {
        rows.add("user\t" + u.id + "\t" + random.nextInt(50) / 10.0 + "\n");
        for (Post p : u.posts) {
          rows.add("post\t" + u.id + "\t" + p.id + "\t" + random.nextInt(20) / 4.0 + "\n");
        }
      }
      return rows;
    }

    /** The same rows as a JSON submission. */
    String json(List<String> rows) {
      java.util.Map<String, StringBuilder> posts = new java.util.LinkedHashMap<>();
      java.util.Map<String, String> scores = new java.util.LinkedHashMap<>();
      for (String row : rows) {
        String[] f = row.strip().split("\t");
        if (f[0].equals("user")) {
          scores.put(f[1], f[2]);
          posts.computeIfAbsent(f[1], k -> new StringBuilder());
        } else {
          StringBuilder b = posts.computeIfAbsent(f[1], k -> new StringBuilder());
          b.append(b.length() == 0 ? "" : ",\n");
          b.append("{\"post_id\": \"")
              .append(f[2])
              .append("\", \"score\": ")
              .append(f[3])
              .append('}');
        }
      }
      StringBuilder out = new StringBuilder("{\"users\": [\n");
      String sep = "";
      for (var e : scores.entrySet()) {
        out.append(sep).append("{\"user_id\": \"").append(e.getKey()).append("\", \"score\": ");
        out.append(e.getValue())
            .append(", \"posts\": [")
            .append(posts.get(e.getKey()))
            .append("]}");
        sep = ",\n";
      }
      return out.append("\n]}\n").toString();
    }
  }
}
