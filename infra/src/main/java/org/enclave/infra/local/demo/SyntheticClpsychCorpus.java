package org.enclave.infra.local.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.enclave.infra.local.demo.SyntheticUser.Partition;

/**
 * A synthetic dataset shaped like the CLPsych 2019 shared-task data: Reddit-like users, each with a
 * suicide-risk label (a-d) and 3-25 posts, some of which are marked as evidence for the label.
 * Every word is composed from this package's own templates; no real person's text is used.
 *
 * <p>The corpus is a pure function of the seed and the user count: the same arguments give
 * byte-identical {@link #files()} on every JVM and platform. Each user is drawn from a stream of
 * its own, so the first users of a larger corpus have the same labels and posts as a smaller corpus
 * with the same seed (only the train/test assignment depends on the user count).
 */
public final class SyntheticClpsychCorpus {

  /** The earliest possible post time: 2015-01-01T00:00:00Z. */
  public static final long FIRST_TIMESTAMP = 1_420_070_400L;

  /** Every post time is before this: 2017-01-01T00:00:00Z. */
  public static final long END_TIMESTAMP = 1_483_228_800L;

  /** The largest corpus, so that user ids keep four digits and post ids six. */
  public static final int MAX_USERS = 9_999;

  /** Share of each label's users put in the training set; the rest are test users. */
  public static final int TRAIN_PERCENT = 70;

  public static final String TRAIN_POSTS = "train/posts.jsonl";
  public static final String TRAIN_LABELS = "train/labels.tsv";
  public static final String TRAIN_EVIDENCE = "train/evidence.tsv";
  public static final String TEST_POSTS = "test/posts.jsonl";
  public static final String GOLD_LABELS = "gold/labels.tsv";
  public static final String GOLD_EVIDENCE = "gold/evidence.tsv";
  public static final String README = "README.md";

  private static final long PARTITION_STREAM = 0;

  private final long seed;
  private final List<SyntheticUser> users;
  private final List<DemoFile> files;

  private SyntheticClpsychCorpus(long seed, List<SyntheticUser> users) {
    this.seed = seed;
    this.users = List.copyOf(users);
    this.files = CorpusFiles.render(seed, this.users);
  }

  /**
   * Generates a corpus.
   *
   * @param seed any value; equal seeds give equal corpora
   * @param users number of users, 1 to {@link #MAX_USERS}
   */
  public static SyntheticClpsychCorpus generate(long seed, int users) {
    if (users < 1 || users > MAX_USERS) {
      throw new IllegalArgumentException("users must be between 1 and " + MAX_USERS);
    }
    List<RiskLabel> labels = new ArrayList<>(users);
    for (int n = 1; n <= users; n++) {
      labels.add(RiskProfile.drawLabel(SplitMix64.stream(seed, 2L * n)));
    }
    List<Partition> partitions = partition(seed, labels);
    List<SyntheticUser> generated = new ArrayList<>(users);
    int nextPost = 1;
    for (int n = 1; n <= users; n++) {
      SyntheticUser user =
          UserGenerator.generate(
              SplitMix64.stream(seed, 2L * n + 1),
              String.format(Locale.ROOT, "u%04d", n),
              labels.get(n - 1),
              partitions.get(n - 1),
              nextPost);
      nextPost += user.posts().size();
      generated.add(user);
    }
    return new SyntheticClpsychCorpus(seed, generated);
  }

  /** Puts {@link #TRAIN_PERCENT} of each label's users, chosen at random, in the training set. */
  private static List<Partition> partition(long seed, List<RiskLabel> labels) {
    SplitMix64 rng = SplitMix64.stream(seed, PARTITION_STREAM);
    List<Partition> partitions =
        new ArrayList<>(Collections.nCopies(labels.size(), Partition.TEST));
    for (RiskLabel label : RiskLabel.values()) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        if (labels.get(i) == label) {
          members.add(i);
        }
      }
      int train = (members.size() * TRAIN_PERCENT + 50) / 100;
      for (int index : rng.pickDistinct(members, train)) {
        partitions.set(index, Partition.TRAIN);
      }
    }
    return partitions;
  }

  public long seed() {
    return seed;
  }

  /** All users, by id. */
  public List<SyntheticUser> users() {
    return users;
  }

  /** The users of one partition, by id. */
  public List<SyntheticUser> users(Partition partition) {
    return users.stream().filter(u -> u.partition() == partition).toList();
  }

  /** Every user's label, by user id. */
  public Map<String, RiskLabel> labels() {
    return labelsOf(users);
  }

  /** The labels of one partition's users, by user id. */
  public Map<String, RiskLabel> labels(Partition partition) {
    return labelsOf(users(partition));
  }

  /** The posts of one partition's users, by user then time. */
  public List<SyntheticPost> posts(Partition partition) {
    return users(partition).stream().flatMap(u -> u.posts().stream()).toList();
  }

  /** The dataset's files in a fixed order: train, test input, gold, README. */
  public List<DemoFile> files() {
    return files;
  }

  /** The file at {@code path}, if the dataset has one. */
  public Optional<DemoFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  private static Map<String, RiskLabel> labelsOf(List<SyntheticUser> users) {
    Map<String, RiskLabel> labels = new TreeMap<>();
    for (SyntheticUser user : users) {
      labels.put(user.userId(), user.label());
    }
    return Collections.unmodifiableMap(labels);
  }
}
