package org.enclave.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.enclave.masking.Masker;
import org.enclave.masking.MaskingPolicy;
import org.enclave.masking.Truecaser;
import org.enclave.masking.eval.Evaluation;
import org.enclave.masking.eval.EvaluationSet;
import org.enclave.masking.eval.LabelledPost;
import org.enclave.masking.eval.PlantedPosts;
import org.enclave.masking.ner.NerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Masking throughput, posts per second, over the hand-labelled posts repeated: the masker without a
 * model (patterns, usernames, cues), and with the worker on one and on two threads, each fed by
 * twice as many callers as it has threads. Then the quality tables docs/benchmarks.md shows. Run on
 * purpose: {@code -Dbenchmarks.excluded=none -Dtest=MaskingBenchmark}.
 */
@Tag("benchmark")
class MaskingBenchmark {
  private static final int POSTS = 6_600;

  @Test
  void postsPerSecond() throws Exception {
    Truecaser truecaser = Truecaser.fromWordList(Truecaser.DEBIAN_WORDS);
    List<LabelledPost> set = EvaluationSet.handLabelled();
    List<String> texts = new ArrayList<>();
    long chars = 0;
    for (int i = 0; i < POSTS; i++) {
      String t = set.get(i % set.size()).text();
      texts.add(t);
      chars += t.length();
    }
    System.out.printf(
        Locale.ROOT,
        "corpus: %d posts, %d characters (%.0f per post); load average %s%n",
        POSTS,
        chars,
        chars / (double) POSTS,
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
    run(
        "no model (patterns, usernames, cues), 2 callers",
        Masker.standard(MaskingPolicy.defaults(), truecaser),
        texts,
        2);
    for (int threads : new int[] {1, 2}) {
      try (NerProcess ner = NerWorkers.start(threads)) {
        Masker masker = Masker.standard(MaskingPolicy.defaults(), truecaser, ner);
        run("warm-up", masker, texts.subList(0, 1_000), 2 * threads);
        run(
            "CoreNLP worker, " + threads + " thread(s), " + 2 * threads + " callers",
            masker,
            texts,
            2 * threads);
      }
    }
    try (NerProcess ner = NerWorkers.start(2)) {
      Masker masker = Masker.standard(MaskingPolicy.defaults(), truecaser, ner);
      System.out.println("hand-labelled posts:\n" + Evaluation.of(masker, set).table());
      List<LabelledPost> planted = PlantedPosts.generate(500, 7);
      List<LabelledPost> lower =
          planted.stream().filter(p -> p.text().equals(p.text().toLowerCase(Locale.ROOT))).toList();
      List<LabelledPost> cased = planted.stream().filter(p -> !lower.contains(p)).toList();
      System.out.println(
          "planted, written with capitals ("
              + cased.size()
              + " posts):\n"
              + Evaluation.of(masker, cased).table());
      System.out.println(
          "planted, all lower case ("
              + lower.size()
              + " posts):\n"
              + Evaluation.of(masker, lower).table());
    }
  }

  private static void run(String name, Masker masker, List<String> texts, int callers)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < texts.size();
                      i = next.getAndIncrement()) {
                    masker.mask(texts.get(i), Map.of());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %d posts in %.2f s = %.0f posts/s%n",
        name,
        texts.size(),
        seconds,
        texts.size() / seconds);
  }
}
