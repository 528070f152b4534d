package org.enclave.api.export.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index does not depend on how it was built: in memory or spilled into partitions, by one
 * worker or several, the file is the same byte for byte, and every fingerprint keeps its first
 * post.
 */
class CorpusIndexWriterTest {
  @TempDir Path dir;

  private static byte[] corpus() {
    Random r = new Random(3);
    StringBuilder b = new StringBuilder();
    for (int p = 0; p < 3000; p++) {
      b.append("{\"post_id\":\"p").append(p).append("\",\"user_id\":\"u").append(r.nextInt(500));
      b.append("\",\"body\":\"");
      int words = 5 + r.nextInt(40);
      for (int w = 0; w < words; w++) {
        b.append(w == 0 ? "" : " ").append("w").append(r.nextInt(p % 7 == 0 ? 20 : 2000));
      }
      b.append("\"}\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Path build(String name, int chunk, int threads, byte[] corpus) throws IOException {
    Path target = dir.resolve(name + ".idx");
    try (CorpusIndexWriter w =
        new CorpusIndexWriter(8, dir.resolve("work-" + name), chunk, threads)) {
      w.add("posts.jsonl", CorpusFormat.JSON_LINES, new ByteArrayInputStream(corpus));
      w.add("more.txt", CorpusFormat.TEXT, new ByteArrayInputStream(corpus));
      w.write(target);
    }
    assertThat(dir.resolve("work-" + name)).isEmptyDirectory();
    return target;
  }

  @Test
  void inMemoryAndPartitionedAndParallelBuildsAreTheSameFile() throws IOException {
    byte[] corpus = corpus();
    Path memory = build("memory", CorpusIndexWriter.CHUNK, 1, corpus);
    Path spilled = build("spilled", 1000, 1, corpus);
    Path parallel = build("parallel", 1000, 3, corpus);
    Path parallelMemory = build("parallel-memory", CorpusIndexWriter.CHUNK, 4, corpus);
    assertThat(Files.mismatch(memory, spilled)).isEqualTo(-1);
    assertThat(Files.mismatch(memory, parallel)).isEqualTo(-1);
    assertThat(Files.mismatch(memory, parallelMemory)).isEqualTo(-1);
  }

  @Test
  void aRepeatedRunPointsAtTheFirstPostThatHasIt() throws IOException {
    String line = "the same eight words in every post of this file here";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      b.append(line).append('\n');
    }
    byte[] corpus = b.toString().getBytes(StandardCharsets.UTF_8);
    Path target = dir.resolve("repeat.idx");
    try (CorpusIndexWriter w = new CorpusIndexWriter(8, dir.resolve("w"), 50, 2)) {
      w.add("lines.txt", CorpusFormat.TEXT, new ByteArrayInputStream(corpus));
      w.write(target);
    }
    try (CorpusIndex index = CorpusIndex.open(target)) {
      long fp = new Ngrams(8).of(Words.of(line))[0];
      assertThat(index.findNgram(fp)).isEqualTo(0);
    }
  }
}
