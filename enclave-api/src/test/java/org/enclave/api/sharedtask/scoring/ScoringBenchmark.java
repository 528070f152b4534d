package org.enclave.api.sharedtask.scoring;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2019Suite;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2021Suite;
import org.enclave.api.sharedtask.scoring.metrics.PrioritizationSuite;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;

/**
 * Shared-task scoring at scale, printed, never asserted (see docs/benchmarks.md): generates gold
 * and a submission for each suite (1,000,000 users by default, 20 posts per user for
 * prioritization) into a directory, then times reading the gold, reading and validating the
 * submission from its file as the control plane does ({@link MetricSuite#readSubmission(Path,
 * FileFormat, Object, ParseLimits)}, in parallel where the suite can), and scoring, several rounds
 * each; CPU time is the whole process's over submission and scoring (every thread, the GC's too).
 * Writes {@code java-results.tsv} (times and metric values) beside the files for
 * scripts/bench/shared-task-scoring.sh, which runs scikit-learn on the same files.
 *
 * <pre>
 * java -Xmx1g -cp ... org.enclave.api.sharedtask.scoring.ScoringBenchmark DIR [users] [posts] [rounds] [only]
 * </pre>
 */
public final class ScoringBenchmark {

  /** CPU time of the whole JVM: every thread that reads or scores, and the GC's. */
  private static final OperatingSystemMXBean PROCESS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Path dir;
  private final int users;
  private final int posts;
  private final int rounds;
  private final String only;
  private final List<String> results = new ArrayList<>();

  private ScoringBenchmark(Path dir, int users, int posts, int rounds, String only) {
    this.only = only;
    this.dir = dir;
    this.users = users;
    this.posts = posts;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/scoring-bench");
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int posts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String only = args.length > 4 ? args[4] : "";
    Files.createDirectories(dir);
    new ScoringBenchmark(dir, users, posts, rounds, only).run();
  }

  private void run() throws IOException {
    System.out.printf(
        Locale.ROOT,
        "users %,d, posts per user %d, rounds %d, max heap %d MiB, %d CPUs%n",
        users,
        posts,
        rounds,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    Path marker = dir.resolve("generated-" + users + "-" + posts);
    if (Files.exists(marker)) {
      System.out.println("reusing the files generated earlier in " + dir);
    } else {
      long t0 = System.nanoTime();
      generate();
      Files.writeString(marker, "");
      System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    bench(new Clpsych2019Suite(), "clpsych2019", "tsv", FileFormat.TSV);
    bench(new Clpsych2021Suite(), "clpsych2021", "tsv", FileFormat.TSV);
    bench(new PrioritizationSuite(), "prioritization", "tsv", FileFormat.TSV);
    bench(new PrioritizationSuite(), "prioritization", "json", FileFormat.JSON);
    Files.write(dir.resolve("java-results.tsv"), results);
  }

  private <G, S> void bench(MetricSuite<G, S> suite, String name, String ext, FileFormat format)
      throws IOException {
    if (!(name + "-" + ext).contains(only)) {
      return;
    }
    Path goldFile = dir.resolve(name + "-gold.tsv");
    Path subFile = dir.resolve(name + "-submission." + ext);
    String label = name + (format == FileFormat.JSON ? " (json)" : "");
    double[] gold = new double[rounds];
    double[] parse = new double[rounds];
    double[] score = new double[rounds];
    double[] cpu = new double[rounds];
    Scores scores = null;
    long peak = 0;
    for (int r = 0; r < rounds; r++) {
      G g = null;
      S s = null;
      resetPeaks();
      long a = System.nanoTime();
      try (InputStream in = open(goldFile)) {
        g = accepted(suite.readGold(in, ParseLimits.DEFAULT), goldFile);
      }
      long b = System.nanoTime();
      long cpuBefore = PROCESS.getProcessCpuTime();
      s = accepted(suite.readSubmission(subFile, format, g, ParseLimits.DEFAULT), subFile);
      long c = System.nanoTime();
      scores = suite.score(g, s);
      long d = System.nanoTime();
      cpu[r] = (PROCESS.getProcessCpuTime() - cpuBefore) / 1e9;
      gold[r] = (b - a) / 1e9;
      parse[r] = (c - b) / 1e9;
      score[r] = (d - c) / 1e9;
      peak = Math.max(peak, peakHeap());
    }
    System.out.printf(
        Locale.ROOT,
        "%-22s gold read %s | submission read+validate %s | score %s | submission+score %s (process CPU"
            + " %s) | peak heap %d MiB%n",
        label,
        range(gold),
        range(parse),
        range(score),
        range(sum(parse, score)),
        range(cpu),
        peak >> 20);
    String key = name + (format == FileFormat.JSON ? "-json" : "");
    results.add(key + "\ttime\tgold_read\t" + median(gold));
    results.add(key + "\ttime\tsubmission_read\t" + median(parse));
    results.add(key + "\ttime\tscore\t" + median(score));
    results.add(key + "\ttime\tsubmission_read_score\t" + median(sum(parse, score)));
    results.add(key + "\ttime\tsubmission_read_score_cpu\t" + median(cpu));
    results.add(key + "\tmemory\tpeak_heap_mib\t" + (peak >> 20));
    for (MetricValue v : scores.values()) {
      results.add(key + "\tvalue\t" + v.name() + "\t" + v.value());
      if (v.best() != null) {
        results.add(key + "\tbest\t" + v.name() + "\t" + v.best());
      }
    }
  }

  private static InputStream open(Path file) throws IOException {
    return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
  }

  private static <T> T accepted(ParseResult<T> result, Path file) {
    if (!result.accepted()) {
      throw new IllegalStateException(file + ": " + result.report().summary());
    }
    return result.value();
  }

  // ---- data generation: one seeded generator, the same files every time ----

  private void generate() throws IOException {
    try (var old = Files.newDirectoryStream(dir, "generated-*")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
    SplittableRandom random = new SplittableRandom(20_260_000L);
    try (PrintStream g19 = out("clpsych2019-gold.tsv");
        PrintStream s19 = out("clpsych2019-submission.tsv");
        PrintStream g21 = out("clpsych2021-gold.tsv");
        PrintStream s21 = out("clpsych2021-submission.tsv")) {
      g19.print("user_id\tlabel\n");
      s19.print("user_id\tlabel\tscore\n");
      g21.print("user_id\tlabel\n");
      s21.print("user_id\tlabel\tscore\n");
      String levels = "abcd";
      for (int u = 0; u < users; u++) {
        String id = userId(u);
        int gold = random.nextInt(4);
        int guess = random.nextInt(3) == 0 ? random.nextInt(4) : gold; // right two times in three
        g19.append(id).append('\t').append(levels.charAt(gold)).append('\n');
        s19.append(id).append('\t').append(levels.charAt(guess)).append('\t');
        s19.append(decimal(random.nextDouble())).append('\n');
        int positive = random.nextInt(10) < 3 ? 1 : 0;
        double score =
            Math.min(
                1,
                Math.max(
                    0,
                    0.35
                        + 0.3 * positive
                        + 0.25 * random.nextDouble()
                        - 0.125
                        + 0.2 * (random.nextDouble() - 0.5)));
        g21.append(id).append('\t').append(Integer.toString(positive)).append('\n');
        s21.append(id).append('\t').append(score >= 0.5 ? '1' : '0').append('\t');
        s21.append(decimal(score)).append('\n');
      }
    }
    // Prioritization: grades 0..3 (60% 0), each post 5..400 words, stop probability 0 for most
    // posts and up to 1 for a few of a relevant user's posts.
    try (PrintStream gold = out("prioritization-gold.tsv");
        PrintStream tsv = out("prioritization-submission.tsv");
        PrintStream json = out("prioritization-submission.json")) {
      gold.print("kind\tuser_id\tpost_id\twords\tstop_probability\n");
      tsv.print("kind\tuser_id\tpost_id\tscore\n");
      json.print("{\"users\": [\n");
      for (int u = 0; u < users; u++) {
        String id = userId(u);
        int grade = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(3);
        double userScore = grade * 0.05 + random.nextDouble();
        gold.append("user\t").append(id).append('\t').append(Integer.toString(grade)).append('\n');
        tsv.append("user\t").append(id).append('\t').append(decimal(userScore)).append('\n');
        json.append(u == 0 ? "" : ",\n").append("{\"user_id\":\"").append(id);
        json.append("\",\"score\":").append(decimal(userScore)).append(",\"posts\":[");
        for (int p = 0; p < posts; p++) {
          String postId = "p" + p;
          boolean evidence = grade > 0 && random.nextInt(5) == 0;
          String stop = evidence ? decimal(0.1 + 0.9 * random.nextDouble()) : "0";
          gold.append("post\t").append(id).append('\t').append(postId).append('\t');
          gold.append(Integer.toString(5 + random.nextInt(396)))
              .append('\t')
              .append(stop)
              .append('\n');
          String postScore = decimal((evidence ? 0.3 : 0) + random.nextDouble());
          tsv.append("post\t").append(id).append('\t').append(postId).append('\t');
          tsv.append(postScore).append('\n');
          json.append(p == 0 ? "" : ",").append("{\"post_id\":\"").append(postId);
          json.append("\",\"score\":").append(postScore).append('}');
        }
        json.append("]}");
      }
      json.print("\n]}\n");
    }
  }

  private PrintStream out(String name) throws IOException {
    OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 20);
    return new PrintStream(os, false, StandardCharsets.UTF_8);
  }

  private static String userId(int u) {
    return "user" + (1_000_000_000 + u); // fixed width, so id order is number order
  }

  /** Nine decimals: ties are rare but possible, as in real submissions. */
  private static String decimal(double v) {
    return String.format(Locale.ROOT, "%.9f", v);
  }

  // ---- measuring ----

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the reset: an upper bound of the peak heap in use. */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static double[] sum(double[] a, double[] b) {
    double[] s = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      s[i] = a[i] + b[i];
    }
    return s;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  /** "first / median / best" of the rounds, in seconds. */
  private static String range(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return String.format(Locale.ROOT, "%.3f/%.3f/%.3f s", v[0], s[s.length / 2], s[0]);
  }
}
