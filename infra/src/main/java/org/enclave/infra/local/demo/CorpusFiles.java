package org.enclave.infra.local.demo;

import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.GOLD_EVIDENCE;
import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.GOLD_LABELS;
import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.README;
import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.TEST_POSTS;
import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.TRAIN_EVIDENCE;
import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.TRAIN_LABELS;
import static org.enclave.infra.local.demo.SyntheticClpsychCorpus.TRAIN_POSTS;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.enclave.infra.local.demo.DemoFile.Split;
import org.enclave.infra.local.demo.SyntheticUser.Partition;

/** Renders a corpus as the files of a shared-task dataset. */
final class CorpusFiles {

  private CorpusFiles() {}

  /**
   * The dataset's files in a fixed order: train, test input, gold, README.
   *
   * @param users all users, by id
   */
  static List<DemoFile> render(long seed, List<SyntheticUser> users) {
    List<SyntheticUser> train = only(users, Partition.TRAIN);
    List<SyntheticUser> test = only(users, Partition.TEST);
    return List.of(
        new DemoFile(TRAIN_POSTS, Split.TRAIN, DemoFile.JSON_LINES, posts(train)),
        new DemoFile(TRAIN_LABELS, Split.TRAIN, DemoFile.TSV, labels(train)),
        new DemoFile(TRAIN_EVIDENCE, Split.TRAIN, DemoFile.TSV, evidence(train)),
        new DemoFile(TEST_POSTS, Split.TEST_INPUT, DemoFile.JSON_LINES, posts(test)),
        new DemoFile(GOLD_LABELS, Split.TEST_GOLD, DemoFile.TSV, labels(test)),
        new DemoFile(GOLD_EVIDENCE, Split.TEST_GOLD, DemoFile.TSV, evidence(test)),
        new DemoFile(
            README,
            Split.DOCS,
            DemoFile.MARKDOWN,
            CorpusReadme.render(seed, train, test).getBytes(StandardCharsets.UTF_8)));
  }

  private static List<SyntheticUser> only(List<SyntheticUser> users, Partition partition) {
    return users.stream().filter(u -> u.partition() == partition).toList();
  }

  private static byte[] posts(List<SyntheticUser> users) {
    return JsonLines.posts(users.stream().flatMap(u -> u.posts().stream()).toList());
  }

  private static byte[] labels(List<SyntheticUser> users) {
    Tsv tsv = new Tsv("user_id", "label");
    for (SyntheticUser user : users) {
      tsv.row(user.userId(), user.label().code());
    }
    return tsv.toBytes();
  }

  private static byte[] evidence(List<SyntheticUser> users) {
    Tsv tsv = new Tsv("post_id", "user_id", "evidence");
    for (SyntheticUser user : users) {
      for (SyntheticPost post : user.posts()) {
        tsv.row(post.postId(), post.userId(), post.evidence() ? "1" : "0");
      }
    }
    return tsv.toBytes();
  }
}
