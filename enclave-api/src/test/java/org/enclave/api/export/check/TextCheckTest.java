package org.enclave.api.export.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbatim and identifier checks against an index of posts, planted positives and clean text.
 */
class TextCheckTest {
  static final String POSTS =
      """
      {"post_id":"p000001","user_id":"u0042","title":"Tired","body":"Some nights I just sit in the car outside my house and cannot make myself go in."}
      {"post_id":"p000002","user_id":"u0077","title":"Update","body":"My therapist said to write it down, so here it is: see https://example.org/my-story/ or mail me at sad.owl@example.com"}
      {"post_id":"p000003","user_id":"throwaway_991","title":"Café","body":"The café near the station was the only place where nobody asked me how I was doing."}
      """;

  @TempDir Path dir;

  private final Map<String, byte[]> corpus = new java.util.HashMap<>();

  private CorpusIndex index(String file, String content, int chunk) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    corpus.put(file, bytes);
    Path out = dir.resolve(file.replace('/', '_') + ".idx");
    try (CorpusIndexWriter w = new CorpusIndexWriter(8, dir.resolve("work"), chunk)) {
      w.add(file, CorpusFormat.of(file), new ByteArrayInputStream(bytes));
      w.write(out);
    }
    return CorpusIndex.open(out);
  }

  private CorpusSource source() {
    return (file, offset, length) -> {
      byte[] b = corpus.get(file);
      return new ByteArrayInputStream(b, (int) offset, length);
    };
  }

  private List<Finding> check(CorpusIndex index, String text) throws IOException {
    return new TextCheck(index, source(), CorpusFormat.JSON_LINES).check(text);
  }

  @Test
  void wordsFoldCasePunctuationAccentsAndApostrophes() {
    String text = "Don't  GIVE-up!  Café\u2019s";
    Words w = Words.of(text);
    List<String> folded = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      folded.add(Words.folded(text, w.start(i), w.end(i)));
    }
    assertThat(folded).containsExactly("dont", "give", "up", "cafes");
    assertThat(Words.of("DONT give up").hash(0)).isEqualTo(w.hash(0));
  }

  @Test
  void aQuoteWithChangedCaseAndPunctuationIsFoundWithItsLineColumnAndPost() throws IOException {
    try (CorpusIndex index = index("train/posts.jsonl", POSTS, CorpusIndexWriter.CHUNK)) {
      String report =
          "Results\n\nOne user wrote: \"SOME nights, I just sit in the car -- outside my house\" which"
              + " shows avoidance.\n";
      List<Finding> found = check(index, report);

      assertThat(found)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.rule()).isEqualTo(Finding.VERBATIM);
                assertThat(f.matched())
                    .isEqualTo("SOME nights, I just sit in the car -- outside my house");
                assertThat(f.line()).isEqualTo(3);
                assertThat(f.column()).isEqualTo(18);
                assertThat(f.postId()).isEqualTo("p000001");
                assertThat(f.corpusFile()).isEqualTo("train/posts.jsonl");
              });
    }
  }

  @Test
  void sevenWordsOrTextSharingNoEightGramIsClean() throws IOException {
    try (CorpusIndex index = index("train/posts.jsonl", POSTS, CorpusIndexWriter.CHUNK)) {
      assertThat(check(index, "some nights I just sit in the garden, happily.")).isEmpty();
      assertThat(check(index, "Table 2: macro F1 0.41 for the baseline, 0.52 for our model."))
          .isEmpty();
      // The same words in another order are not a quote either.
      assertThat(check(index, "in the car I just sit some nights outside my house")).isEmpty();
    }
  }

  @Test
  void identifiersOfTheCorpusAreFoundAndShortOrUnknownOnesAreNot() throws IOException {
    try (CorpusIndex index = index("train/posts.jsonl", POSTS, CorpusIndexWriter.CHUNK)) {
      String table =
          "user,score\nu0042,0.9\nu9999,0.1\nTHROWAWAY_991,0.3\n"
              + "see https://example.org/my-story and Sad.Owl@example.com\n";
      List<Finding> found = check(index, table);

      assertThat(found)
          .extracting(Finding::rule, Finding::matched, Finding::line, Finding::postId)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(Finding.IDENTIFIER, "u0042", 2, "p000001"),
              org.assertj.core.groups.Tuple.tuple(
                  Finding.IDENTIFIER, "THROWAWAY_991", 4, "p000003"),
              org.assertj.core.groups.Tuple.tuple(
                  Finding.IDENTIFIER, "https://example.org/my-story", 5, "p000002"),
              org.assertj.core.groups.Tuple.tuple(
                  Finding.IDENTIFIER, "Sad.Owl@example.com", 5, "p000002"));
    }
  }

  @Test
  void anIndexBuiltInSpilledRunsAnswersAsOneBuiltInMemory() throws IOException {
    Random random = new Random(7);
    String[] vocabulary = new String[500];
    for (int i = 0; i < vocabulary.length; i++) {
      vocabulary[i] = "w" + Integer.toString(i, 36) + "x";
    }
    StringBuilder jsonl = new StringBuilder();
    List<String> bodies = new ArrayList<>();
    for (int p = 0; p < 400; p++) {
      StringBuilder body = new StringBuilder();
      for (int k = 0; k < 40; k++) {
        body.append(k == 0 ? "" : " ").append(vocabulary[random.nextInt(vocabulary.length)]);
      }
      bodies.add(body.toString());
      jsonl
          .append("{\"post_id\":\"q")
          .append(p)
          .append("\",\"body\":\"")
          .append(body)
          .append("\"}\n");
    }
    try (CorpusIndex memory = index("a.jsonl", jsonl.toString(), CorpusIndexWriter.CHUNK);
        CorpusIndex spilled = index("b.jsonl", jsonl.toString(), 1000)) {
      assertThat(spilled.ngramCount()).isEqualTo(memory.ngramCount()).isGreaterThan(10_000);
      for (int p = 0; p < 400; p += 37) {
        String[] w = bodies.get(p).split(" ");
        String quote = String.join(" ", java.util.Arrays.copyOfRange(w, 10, 22));
        for (CorpusIndex index : List.of(memory, spilled)) {
          assertThat(check(index, "x " + quote + " y"))
              .singleElement()
              .satisfies(f -> assertThat(f.matched()).isEqualTo(quote));
        }
      }
    }
  }

  @Test
  void csvAndTextCorporaAreIndexedByRecordAndLine() throws IOException {
    String csv =
        "post_id,author,text\nc1,someone_12,\"A quoted cell, with a comma, that spans\nsix more words right here\"\n";
    try (CorpusIndex index = index("posts.csv", csv, CorpusIndexWriter.CHUNK)) {
      assertThat(check(index, "with a comma that spans six more words right here"))
          .extracting(Finding::rule, Finding::postId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Finding.VERBATIM, "c1"));
      assertThat(check(index, "by someone_12"))
          .extracting(Finding::rule)
          .containsExactly(Finding.IDENTIFIER);
    }
  }

  @Test
  void aTruncatedOrForeignFileIsNotOpened() throws IOException {
    Path good;
    try (CorpusIndex index = index("train/posts.jsonl", POSTS, CorpusIndexWriter.CHUNK)) {
      good = dir.resolve("train_posts.jsonl.idx");
    }
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.idx");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> CorpusIndex.open(cut)).hasMessageContaining("truncated");
    Path foreign = dir.resolve("foreign.idx");
    Files.writeString(foreign, "not an index at all, but long enough for a header of 48 bytes....");
    assertThatThrownBy(() -> CorpusIndex.open(foreign)).hasMessageContaining("not a corpus index");
    try (InputStream unused = Files.newInputStream(good)) {
      assertThat(dir.resolve("work")).isEmptyDirectory();
    }
  }
}
