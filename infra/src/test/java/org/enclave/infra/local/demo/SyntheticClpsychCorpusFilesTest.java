package org.enclave.infra.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enclave.infra.local.demo.DemoFile.Split;
import org.enclave.infra.local.demo.SyntheticUser.Partition;
import org.junit.jupiter.api.Test;

class SyntheticClpsychCorpusFilesTest {

  private static final SyntheticClpsychCorpus CORPUS = SyntheticClpsychCorpus.generate(42, 300);

  @Test
  void filesComeInAFixedOrderWithTheirSplits() {
    assertThat(CORPUS.files())
        .extracting(DemoFile::path, DemoFile::split, DemoFile::mediaType)
        .containsExactly(
            tuple("train/posts.jsonl", Split.TRAIN, DemoFile.JSON_LINES),
            tuple("train/labels.tsv", Split.TRAIN, DemoFile.TSV),
            tuple("train/evidence.tsv", Split.TRAIN, DemoFile.TSV),
            tuple("test/posts.jsonl", Split.TEST_INPUT, DemoFile.JSON_LINES),
            tuple("gold/labels.tsv", Split.TEST_GOLD, DemoFile.TSV),
            tuple("gold/evidence.tsv", Split.TEST_GOLD, DemoFile.TSV),
            tuple("README.md", Split.DOCS, DemoFile.MARKDOWN));
  }

  @Test
  void everyJsonLineParsesToThePost() {
    assertPostsFile(SyntheticClpsychCorpus.TRAIN_POSTS, Partition.TRAIN);
    assertPostsFile(SyntheticClpsychCorpus.TEST_POSTS, Partition.TEST);
  }

  @Test
  void eachUserHasExactlyOneLabelRowInTheFileOfTheirPartition() {
    assertThat(readLabels(SyntheticClpsychCorpus.TRAIN_LABELS))
        .containsExactlyEntriesOf(CORPUS.labels(Partition.TRAIN));
    assertThat(readLabels(SyntheticClpsychCorpus.GOLD_LABELS))
        .containsExactlyEntriesOf(CORPUS.labels(Partition.TEST));
  }

  @Test
  void evidenceRowsCoverEachPostOfTheirPartitionOnce() {
    assertEvidenceFile(SyntheticClpsychCorpus.TRAIN_EVIDENCE, Partition.TRAIN);
    assertEvidenceFile(SyntheticClpsychCorpus.GOLD_EVIDENCE, Partition.TEST);
  }

  @Test
  void testInputCarriesNoLabelsOrEvidence() {
    String testPosts = text(SyntheticClpsychCorpus.TEST_POSTS);

    assertThat(testPosts).doesNotContain("\"label\"").doesNotContain("\"evidence\"");
  }

  @Test
  void filesUseUnixLineEndsAndNoTrailingWhitespace() {
    for (DemoFile file : CORPUS.files()) {
      String text = new String(file.content(), StandardCharsets.UTF_8);

      assertThat(text).as(file.path()).doesNotContain("\r").endsWith("\n");
      for (String line : text.split("\n", -1)) {
        assertThat(line).as(file.path()).doesNotEndWith(" ").doesNotEndWith("\t");
      }
    }
  }

  @Test
  void readmeSaysTheDataIsSyntheticAndGivesSeedAndCounts() {
    String readme = text(SyntheticClpsychCorpus.README);
    int posts = CORPUS.users().stream().mapToInt(u -> u.posts().size()).sum();

    assertThat(readme)
        .contains("Everything in this dataset is synthetic")
        .contains("| seed | 42 |")
        .contains(
            "| users | 300 ("
                + CORPUS.users(Partition.TRAIN).size()
                + " train, "
                + CORPUS.users(Partition.TEST).size()
                + " test) |")
        .contains("| posts | " + posts + " (")
        .contains("| a | no risk |", "| d | severe risk |")
        .contains("`gold/labels.tsv` | the scorer only")
        .contains("2015-01-01T00:00:00Z (1420070400)", "2017-01-01T00:00:00Z (1483228800)");
  }

  private static void assertPostsFile(String path, Partition partition) {
    String[] lines = text(path).split("\n");
    List<SyntheticPost> expected = CORPUS.posts(partition);

    assertThat(lines).hasSize(expected.size());
    for (int i = 0; i < lines.length; i++) {
      SyntheticPost post = expected.get(i);
      Map<String, Object> json = MiniJson.parseObject(lines[i]);

      Map<String, Object> want = new LinkedHashMap<>();
      want.put("post_id", post.postId());
      want.put("user_id", post.userId());
      want.put("subreddit", post.subreddit());
      want.put("timestamp", BigDecimal.valueOf(post.timestamp()));
      want.put("created_utc", post.createdUtc());
      want.put("title", post.title());
      want.put("body", post.body());
      assertThat(json).containsExactlyEntriesOf(want);
    }
  }

  private static void assertEvidenceFile(String path, Partition partition) {
    List<String[]> rows = readTsv(path, "post_id\tuser_id\tevidence");
    Map<String, SyntheticPost> posts = new HashMap<>();
    CORPUS.posts(partition).forEach(p -> posts.put(p.postId(), p));
    Map<String, RiskLabel> labels = CORPUS.labels(partition);

    assertThat(rows).hasSize(posts.size());
    List<String> seen = new ArrayList<>();
    for (String[] row : rows) {
      SyntheticPost post = posts.get(row[0]);
      assertThat(post).as("post %s", row[0]).isNotNull();
      assertThat(row[1]).isEqualTo(post.userId());
      assertThat(row[2]).isIn("0", "1").isEqualTo(post.evidence() ? "1" : "0");
      if (row[2].equals("1")) {
        assertThat(labels.get(row[1])).isNotEqualTo(RiskLabel.A);
      }
      seen.add(row[0]);
    }
    assertThat(seen).doesNotHaveDuplicates();
  }

  private static Map<String, RiskLabel> readLabels(String path) {
    Map<String, RiskLabel> labels = new LinkedHashMap<>();
    for (String[] row : readTsv(path, "user_id\tlabel")) {
      assertThat(labels.put(row[0], RiskLabel.fromCode(row[1]))).as("row for " + row[0]).isNull();
    }
    return labels;
  }

  private static List<String[]> readTsv(String path, String header) {
    String[] lines = text(path).split("\n");
    assertThat(lines[0]).isEqualTo(header);
    int columns = header.split("\t").length;
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] row = lines[i].split("\t", -1);
      assertThat(row).as("%s line %d", path, i + 1).hasSize(columns);
      rows.add(row);
    }
    return rows;
  }

  private static String text(String path) {
    return new String(CORPUS.file(path).orElseThrow().content(), StandardCharsets.UTF_8);
  }
}
