package org.enclave.api.export.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export checks' speed and recall (docs/benchmarks.md): indexing a generated corpus of posts
 * ({@code -Dexport.corpus.mb}, 64 by default, 1024 for the documented run), checking a 10 MB report
 * against the index, the same check as a naive scan of the corpus, the recall on 1,000 planted
 * quotes of 8-30 words with changed case and punctuation, and false positives on text that shares
 * no 8-gram with the corpus. Prints its numbers; asserts nothing about time.
 */
@Tag("benchmark")
class ExportCheckBenchmark {
  @TempDir Path dir;

  @Test
  void indexCheckAndRecall() throws IOException {
    int corpusMb = Integer.getInteger("export.corpus.mb", 64);
    Random random = new Random(42);
    String[] vocabulary = vocabulary(random, 30_000);
    Path corpus = dir.resolve("posts.jsonl");
    List<String> sample = new ArrayList<>();
    long textChars = 0;
    try (OutputStream out = Files.newOutputStream(corpus)) {
      long target = corpusMb * 1024L * 1024L;
      long written = 0;
      for (int p = 0; written < target; p++) {
        String body = sentence(random, vocabulary, 40 + random.nextInt(160));
        if (sample.size() < 5_000 && random.nextInt(20) == 0) {
          sample.add(body);
        }
        textChars += body.length();
        byte[] line =
            ("{\"post_id\":\"p"
                    + p
                    + "\",\"user_id\":\"u"
                    + random.nextInt(100_000)
                    + "\",\"body\":\""
                    + body
                    + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        out.write(line);
        written += line.length;
      }
    }
    Path index = dir.resolve("posts.idx");
    long t0 = System.nanoTime();
    try (CorpusIndexWriter w = new CorpusIndexWriter(8, dir.resolve("work"));
        InputStream in = Files.newInputStream(corpus)) {
      w.add("posts.jsonl", CorpusFormat.JSON_LINES, in);
      w.write(index);
    }
    double indexSeconds = (System.nanoTime() - t0) / 1e9;

    // A 10 MB report: clean generated prose (words the corpus never uses) with 1,000 quotes.
    String[] other = vocabulary(new Random(7), 30_000);
    for (int i = 0; i < other.length; i++) {
      other[i] = other[i] + "q"; // no word of the corpus ends in q
    }
    StringBuilder report = new StringBuilder();
    List<String> planted = new ArrayList<>();
    while (report.length() < 10 * 1024 * 1024) {
      report.append(sentence(random, other, 200)).append(".\n");
      if (planted.size() < 1000) {
        String[] w = sample.get(planted.size() % sample.size()).split(" ");
        int len = 8 + random.nextInt(23);
        int from = random.nextInt(Math.max(1, w.length - len));
        String quote =
            String.join(" ", java.util.Arrays.copyOfRange(w, from, Math.min(w.length, from + len)));
        planted.add(quote);
        report.append("\"").append(disguise(random, quote)).append("\" ");
      }
    }
    String reportText = report.toString();
    String clean = reportText.replaceAll("\"[^\"]*\" ", "");
    CorpusSource source =
        (file, offset, length) -> {
          InputStream in = Files.newInputStream(corpus);
          in.skipNBytes(offset);
          return in;
        };
    System.gc();
    long t1 = System.nanoTime();
    List<Finding> found;
    List<Finding> falsePositives;
    try (CorpusIndex idx = CorpusIndex.open(index)) {
      found = new TextCheck(idx, source, CorpusFormat.JSON_LINES).check(reportText);
      double checkSeconds = (System.nanoTime() - t1) / 1e9;
      falsePositives = new TextCheck(idx, source, CorpusFormat.JSON_LINES).check(clean);
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long verbatim = found.stream().filter(f -> f.rule().equals(Finding.VERBATIM)).count();
      long t2 = System.nanoTime();
      long naiveHits = naiveScan(corpus, reportText);
      double naiveSeconds = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "corpus %d MB (%.0f MB post text), %d n-grams, index %d MB%n"
              + "indexing: %.1f s, %.1f MB/s of post text%n"
              + "check of a %.1f MB report: %.2f s (heap after %.0f MiB); naive scan %.2f s (%d window hits); ratio %.1fx%n"
              + "recall: %d of %d planted quotes found; false positives on clean text: %d%n",
          corpusMb,
          textChars / 1e6,
          idx.ngramCount(),
          Files.size(index) / (1024 * 1024),
          indexSeconds,
          textChars / 1e6 / indexSeconds,
          reportText.length() / 1e6,
          checkSeconds,
          heap / 1048576.0,
          naiveSeconds,
          naiveHits,
          naiveSeconds / checkSeconds,
          Math.min(verbatim, planted.size()),
          planted.size(),
          falsePositives.size());
    }
  }

  /** The check without an index: the report's n-grams in a set, the whole corpus scanned. */
  private static long naiveScan(Path corpus, String report) throws IOException {
    Ngrams ngrams = new Ngrams(8);
    Set<Long> wanted = new HashSet<>();
    for (long fp : ngrams.of(Words.of(report))) {
      wanted.add(fp);
    }
    long[] hits = {0};
    try (InputStream in = Files.newInputStream(corpus)) {
      CorpusFormat.JSON_LINES.read(
          in,
          h -> {},
          d -> {
            for (String t : d.texts()) {
              for (long fp : ngrams.of(Words.of(t))) {
                if (wanted.contains(fp)) {
                  hits[0]++;
                }
              }
            }
          });
    }
    return hits[0];
  }

  private static String disguise(Random random, String quote) {
    StringBuilder b = new StringBuilder();
    for (String w : quote.split(" ")) {
      String x = random.nextBoolean() ? w.toUpperCase(Locale.ROOT) : w;
      b.append(b.length() == 0 ? "" : random.nextInt(4) == 0 ? ", " : "  ").append(x);
    }
    return b + "!";
  }

  private static String[] vocabulary(Random random, int size) {
    String[] v = new String[size];
    String letters = "abcdefghijklmnoprstuvwy";
    for (int i = 0; i < size; i++) {
      StringBuilder w = new StringBuilder();
      int len = 2 + random.nextInt(8);
      for (int k = 0; k < len; k++) {
        w.append(letters.charAt(random.nextInt(letters.length())));
      }
      v[i] = w.toString();
    }
    return v;
  }

  static String sentence(Random random, String[] vocabulary, int words) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      // Zipf-like: common words often, rare words seldom.
      int r =
          (int) Math.min(vocabulary.length - 1, Math.pow(vocabulary.length, random.nextDouble()));
      b.append(i == 0 ? "" : " ").append(vocabulary[r]);
    }
    return b.toString();
  }
}
