package org.enclave.api.sharedtask.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.Scores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.gla.terrier.jtreceval.trec_eval;

/**
 * nDCG, nDCG@k, P@k, MAP and R-precision against the real trec_eval 9.0.4 binary that {@code
 * uk.ac.gla.dcs.terrierteam:jtreceval:0.0.5} bundles, on random qrels and runs with many queries:
 * every per-query value and every average ("all") agrees within 1e-4 (trec_eval prints four
 * decimals).
 *
 * <p>Tie order: trec_eval sorts a run by score descending and breaks ties by document id
 * descending. The first check hands trec_eval the raw, tied scores and orders our side the same
 * way; the second ranks with the prioritization suite's own rule (score descending, id ascending)
 * and hands trec_eval scores derived from those ranks, so both compare the same order.
 */
class TrecEvalCrossCheckTest {

  private static final int[] CUTOFFS = {5, 10, 20, 100};

  @TempDir Path dir;

  @Test
  void rankingMeasuresMatchTrecEvalWithItsOwnTieOrder() throws IOException {
    for (int level : new int[] {1, 2}) {
      Random random = new Random(9_004 + level);
      List<Query> queries = randomQueries(random, 30);
      Path qrels = dir.resolve("qrels-" + level);
      Path run = dir.resolve("run-" + level);
      writeQrels(queries, qrels);
      writeRun(queries, run, q -> q.docs);
      Map<String, Map<String, Double>> trec = trecEval(qrels, run, level);
      compare(queries, trec, level, Query::trecEvalOrder);
    }
  }

  @Test
  void rankingMeasuresMatchTrecEvalWithTheSuitesTieOrder() throws IOException {
    Random random = new Random(2026);
    List<Query> queries = randomQueries(random, 30);
    Path qrels = dir.resolve("qrels");
    Path run = dir.resolve("run");
    writeQrels(queries, qrels);
    // Scores from our ranks: distinct, so trec_eval cannot reorder them.
    writeRun(queries, run, q -> rescored(q.suiteOrder()));
    compare(queries, trecEval(qrels, run, 1), 1, Query::suiteOrder);
  }

  @Test
  void prioritizationSuiteAgreesWithTrecEvalOnItsUserRanking() throws IOException {
    // One query: the suite's user ranking (ties by user id ascending) scored by the suite itself.
    Random random = new Random(77);
    int n = 400;
    StringBuilder gold = new StringBuilder();
    StringBuilder sub = new StringBuilder();
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "user%04d", random.nextInt(10_000)) + "-" + i;
      int grade = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(3);
      double score = random.nextInt(40) / 8.0; // many ties
      gold.append("user\t").append(id).append('\t').append(grade).append('\n');
      sub.append("user\t").append(id).append('\t').append(score).append('\n');
      docs.add(new Doc(id, grade, score, true));
    }
    Scores ours = Inputs.score(new PrioritizationSuite(), gold.toString(), sub.toString());
    Query q = new Query("q", docs);
    writeQrels(List.of(q), dir.resolve("qrels"));
    writeRun(List.of(q), dir.resolve("run"), x -> rescored(x.suiteOrder()));
    Map<String, Double> trec = trecEval(dir.resolve("qrels"), dir.resolve("run"), 1).get("all");
    assertThat(ours.value("map")).isCloseTo(trec.get("map"), within(1e-4));
    assertThat(ours.value("r_precision")).isCloseTo(trec.get("Rprec"), within(1e-4));
    assertThat(ours.value("ndcg")).isCloseTo(trec.get("ndcg"), within(1e-4));
    for (int k : CUTOFFS) {
      assertThat(ours.value("p_" + k)).isCloseTo(trec.get("P_" + k), within(1e-4));
      assertThat(ours.value("ndcg_cut_" + k)).isCloseTo(trec.get("ndcg_cut_" + k), within(1e-4));
    }
  }

  private void compare(
      List<Query> queries,
      Map<String, Map<String, Double>> trec,
      int level,
      java.util.function.Function<Query, List<Doc>> order) {
    Map<String, Double> sums = new HashMap<>();
    for (Query q : queries) {
      Map<String, Double> ours = ours(q, order.apply(q), level);
      Map<String, Double> theirs = trec.get(q.id);
      assertThat(theirs).as("trec_eval output for " + q.id).isNotNull();
      ours.forEach(
          (m, v) -> {
            assertThat(v)
                .as(q.id + " " + m + " -l " + level)
                .isCloseTo(theirs.get(m), within(1e-4));
            sums.merge(m, v, Double::sum);
          });
    }
    sums.forEach(
        (m, sum) ->
            assertThat(sum / queries.size())
                .as("all " + m + " -l " + level)
                .isCloseTo(trec.get("all").get(m), within(1e-4)));
    assertThat(sums).hasSize(3 + 2 * CUTOFFS.length);
  }

  private static Map<String, Double> ours(Query q, List<Doc> ranked, int level) {
    int[] rankedGrades = ranked.stream().mapToInt(d -> d.judged ? d.grade : 0).toArray();
    int[] judged = q.docs.stream().filter(d -> d.judged).mapToInt(d -> d.grade).toArray();
    int[] ideal = TrecRankingMetrics.idealGrades(judged);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("map", TrecRankingMetrics.averagePrecision(rankedGrades, judged, level));
    m.put("Rprec", TrecRankingMetrics.rPrecision(rankedGrades, judged, level));
    m.put("ndcg", TrecRankingMetrics.ndcgAt(rankedGrades, ideal, Integer.MAX_VALUE));
    for (int k : CUTOFFS) {
      m.put("P_" + k, TrecRankingMetrics.precisionAt(rankedGrades, k, level));
      m.put("ndcg_cut_" + k, TrecRankingMetrics.ndcgAt(rankedGrades, ideal, k));
    }
    return m;
  }

  /** Runs trec_eval -q; returns measure values per query id and for "all". */
  private static Map<String, Map<String, Double>> trecEval(Path qrels, Path run, int level) {
    List<String> args = new ArrayList<>(List.of("-q", "-l", Integer.toString(level)));
    for (String m : List.of("map", "Rprec", "ndcg", "P.5,10,20,100", "ndcg_cut.5,10,20,100")) {
      args.add("-m");
      args.add(m);
    }
    args.add(qrels.toString());
    args.add(run.toString());
    trec_eval te = new trec_eval();
    String[][] out = te.runAndGetOutput(args.toArray(String[]::new));
    assertThat(te.getLastExitCode()).as("trec_eval exit code").isZero();
    Map<String, Map<String, Double>> values = new HashMap<>();
    for (String[] row : out) {
      if (row.length == 3) {
        values.computeIfAbsent(row[1], k -> new HashMap<>()).put(row[0], Double.valueOf(row[2]));
      }
    }
    assertThat(values).containsKey("all");
    return values;
  }

  private static List<Query> randomQueries(Random random, int count) {
    List<Query> queries = new ArrayList<>();
    for (int q = 0; q < count; q++) {
      int n = 1 + random.nextInt(q % 3 == 0 ? 400 : 60);
      List<Doc> docs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        boolean judged = random.nextInt(8) != 0; // some retrieved documents are unjudged
        int grade = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(3);
        docs.add(
            new Doc(
                "d" + random.nextInt(100_000) + "_" + i, grade, random.nextInt(25) / 4.0, judged));
      }
      // relevant at both levels in every query, and judged documents that were not retrieved
      docs.add(new Doc("top" + q, 3, random.nextInt(25) / 4.0, true));
      for (int i = random.nextInt(4); i > 0; i--) {
        docs.add(new Doc("unretrieved" + q + "_" + i, 1 + random.nextInt(3), Double.NaN, true));
      }
      queries.add(new Query(String.format(Locale.ROOT, "q%03d", q), docs));
    }
    return queries;
  }

  private static void writeQrels(List<Query> queries, Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Query q : queries) {
      for (Doc d : q.docs) {
        if (d.judged) {
          b.append(q.id).append(" 0 ").append(d.id).append(' ').append(d.grade).append('\n');
        }
      }
    }
    Files.writeString(file, b);
  }

  private static void writeRun(
      List<Query> queries, Path file, java.util.function.Function<Query, List<Doc>> docs)
      throws IOException {
    StringBuilder b = new StringBuilder();
    for (Query q : queries) {
      int rank = 1;
      for (Doc d : docs.apply(q)) {
        if (!Double.isNaN(d.score)) {
          b.append(q.id).append(" Q0 ").append(d.id).append(' ').append(rank++).append(' ');
          b.append(d.score).append(" test\n");
        }
      }
    }
    Files.writeString(file, b);
  }

  private static List<Doc> rescored(List<Doc> ordered) {
    List<Doc> out = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      Doc d = ordered.get(i);
      out.add(new Doc(d.id, d.grade, ordered.size() - i, d.judged));
    }
    return out;
  }

  record Doc(String id, int grade, double score, boolean judged) {}

  record Query(String id, List<Doc> docs) {
    private List<Doc> retrieved() {
      return docs.stream().filter(d -> !Double.isNaN(d.score)).toList();
    }

    /** trec_eval's order: score descending, then document id descending. */
    List<Doc> trecEvalOrder() {
      return retrieved().stream()
          .sorted(
              Comparator.comparingDouble(Doc::score)
                  .reversed()
                  .thenComparing(Doc::id, Comparator.reverseOrder()))
          .toList();
    }

    /** The suite's order: score descending, then id ascending. */
    List<Doc> suiteOrder() {
      return retrieved().stream()
          .sorted(Comparator.comparingDouble(Doc::score).reversed().thenComparing(Doc::id))
          .toList();
    }
  }
}
