package org.enclave.infra.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.enclave.infra.local.demo.SyntheticUser.Partition;
import org.junit.jupiter.api.Test;

class SyntheticClpsychCorpusTest {

  private static final SyntheticClpsychCorpus THOUSAND = SyntheticClpsychCorpus.generate(7, 1000);

  /**
   * SHA-256 over the paths and contents of the files of {@code generate(42, 50)}. A change here
   * means the generator's output changed: the same seed would no longer give the same dataset.
   * Update it only for a deliberate change to the generator.
   */
  private static final String DIGEST_SEED_42_USERS_50 =
      "03126d6ead18b049d4e2d1af844c3006e126389002bad840f122bfb96328c52d";

  @Test
  void sameSeedGivesByteIdenticalFiles() {
    List<DemoFile> first = SyntheticClpsychCorpus.generate(42, 200).files();
    List<DemoFile> second = SyntheticClpsychCorpus.generate(42, 200).files();

    assertThat(first).hasSize(7);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).path()).isEqualTo(first.get(i).path());
      assertThat(second.get(i).content()).isEqualTo(first.get(i).content());
    }
  }

  @Test
  void outputMatchesTheRecordedDigest() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (DemoFile file : SyntheticClpsychCorpus.generate(42, 50).files()) {
      sha256.update(file.path().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(file.content());
    }

    assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(DIGEST_SEED_42_USERS_50);
  }

  @Test
  void differentSeedGivesDifferentData() {
    SyntheticClpsychCorpus a = SyntheticClpsychCorpus.generate(42, 100);
    SyntheticClpsychCorpus b = SyntheticClpsychCorpus.generate(43, 100);

    assertThat(b.file(SyntheticClpsychCorpus.TRAIN_POSTS).orElseThrow().content())
        .isNotEqualTo(a.file(SyntheticClpsychCorpus.TRAIN_POSTS).orElseThrow().content());
    assertThat(b.labels()).isNotEqualTo(a.labels());
  }

  @Test
  void firstUsersDoNotDependOnCorpusSize() {
    List<SyntheticUser> small = SyntheticClpsychCorpus.generate(42, 50).users();
    List<SyntheticUser> large = SyntheticClpsychCorpus.generate(42, 120).users();

    for (int i = 0; i < small.size(); i++) {
      assertThat(large.get(i).label()).isEqualTo(small.get(i).label());
      assertThat(large.get(i).posts()).isEqualTo(small.get(i).posts());
    }
  }

  @Test
  void usersAreNumberedAndSplitAboutSeventyThirty() {
    List<SyntheticUser> users = THOUSAND.users();

    assertThat(users).hasSize(1000);
    assertThat(users.get(0).userId()).isEqualTo("u0001");
    assertThat(users.get(999).userId()).isEqualTo("u1000");
    assertThat(THOUSAND.users(Partition.TRAIN)).hasSizeBetween(695, 705);
    assertThat(THOUSAND.users(Partition.TEST)).hasSizeBetween(295, 305);
    for (RiskLabel label : RiskLabel.values()) {
      assertThat(THOUSAND.labels(Partition.TEST)).containsValue(label);
    }
  }

  @Test
  void noUserIsInBothPartitions() {
    Set<String> train = THOUSAND.labels(Partition.TRAIN).keySet();
    Set<String> test = THOUSAND.labels(Partition.TEST).keySet();

    assertThat(train).doesNotContainAnyElementsOf(test);
    Set<String> all = new HashSet<>(train);
    all.addAll(test);
    assertThat(all).isEqualTo(THOUSAND.labels().keySet());
  }

  @Test
  void labelDistributionIsSkewedTowardsNoRisk() {
    Map<RiskLabel, Integer> counts = new EnumMap<>(RiskLabel.class);
    THOUSAND.users().forEach(u -> counts.merge(u.label(), 1, Integer::sum));

    assertThat(counts.get(RiskLabel.A)).isBetween(300, 400);
    assertThat(counts.get(RiskLabel.B)).isBetween(150, 250);
    assertThat(counts.get(RiskLabel.C)).isBetween(200, 300);
    assertThat(counts.get(RiskLabel.D)).isBetween(150, 250);
  }

  @Test
  void higherRiskUsersPostMoreInMentalHealthSubreddits() {
    double previous = -1;
    for (RiskLabel label : RiskLabel.values()) {
      List<SyntheticPost> posts =
          THOUSAND.users().stream()
              .filter(u -> u.label() == label)
              .flatMap(u -> u.posts().stream())
              .toList();
      double share =
          posts.stream().filter(SyntheticPost::inMentalHealthSubreddit).count()
              / (double) posts.size();

      assertThat(share).as("mental-health share of label %s", label).isGreaterThan(previous);
      previous = share;
    }
  }

  @Test
  void everyUserHasThreeToTwentyFivePostsInTimeOrder() {
    Set<String> postIds = new HashSet<>();
    for (SyntheticUser user : THOUSAND.users()) {
      assertThat(user.posts()).hasSizeBetween(3, 25);
      long previous = Long.MIN_VALUE;
      for (SyntheticPost post : user.posts()) {
        assertThat(post.userId()).isEqualTo(user.userId());
        assertThat(post.postId()).matches("p\\d{6}");
        assertThat(postIds.add(post.postId())).as("unique %s", post.postId()).isTrue();
        assertThat(post.timestamp()).isGreaterThanOrEqualTo(previous);
        previous = post.timestamp();
      }
    }
  }

  @Test
  void timestampsStayInTheDocumentedRangeAndSpanIt() {
    List<SyntheticPost> posts = THOUSAND.users().stream().flatMap(u -> u.posts().stream()).toList();
    long min = posts.stream().mapToLong(SyntheticPost::timestamp).min().orElseThrow();
    long max = posts.stream().mapToLong(SyntheticPost::timestamp).max().orElseThrow();
    long month = 30 * 86_400L;

    assertThat(min).isGreaterThanOrEqualTo(SyntheticClpsychCorpus.FIRST_TIMESTAMP);
    assertThat(max).isLessThan(SyntheticClpsychCorpus.END_TIMESTAMP);
    assertThat(min).isLessThan(SyntheticClpsychCorpus.FIRST_TIMESTAMP + month);
    assertThat(max).isGreaterThan(SyntheticClpsychCorpus.END_TIMESTAMP - month);
    for (SyntheticPost post : posts) {
      assertThat(post.createdUtc())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")
          .isEqualTo(Instant.ofEpochSecond(post.timestamp()).toString());
    }
  }

  @Test
  void evidenceOnlyForAtRiskUsersAndOnlyInMentalHealthSubreddits() {
    for (SyntheticUser user : THOUSAND.users()) {
      List<SyntheticPost> evidence = user.posts().stream().filter(SyntheticPost::evidence).toList();
      if (user.label() == RiskLabel.A) {
        assertThat(evidence).as("evidence of %s", user.userId()).isEmpty();
      } else {
        assertThat(evidence).as("evidence of %s", user.userId()).isNotEmpty();
        assertThat(evidence).allMatch(SyntheticPost::inMentalHealthSubreddit);
      }
    }
  }

  @Test
  void someNoRiskUsersPostInSuicideWatchAndSomeAtRiskPostsAreNotEvidence() {
    assertThat(THOUSAND.users())
        .anyMatch(
            u ->
                u.label() == RiskLabel.A
                    && u.posts().stream().anyMatch(p -> p.subreddit().equals("SuicideWatch")));
    assertThat(THOUSAND.users())
        .anyMatch(
            u ->
                u.label() != RiskLabel.A
                    && u.posts().stream()
                        .anyMatch(p -> p.inMentalHealthSubreddit() && !p.evidence()));
  }

  @Test
  void generatesTwoHundredUsers() {
    SyntheticClpsychCorpus corpus = SyntheticClpsychCorpus.generate(2019, 200);

    assertThat(corpus.users()).hasSize(200);
    assertThat(corpus.files()).allMatch(f -> f.size() > 0);
  }

  @Test
  void generatesASingleUser() {
    SyntheticClpsychCorpus corpus = SyntheticClpsychCorpus.generate(-1, 1);

    assertThat(corpus.users()).hasSize(1);
    assertThat(corpus.users(Partition.TRAIN)).hasSize(1);
    assertThat(corpus.files()).hasSize(7);
  }

  @Test
  void rejectsUserCountsOutsideTheIdRange() {
    assertThatThrownBy(() -> SyntheticClpsychCorpus.generate(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticClpsychCorpus.generate(1, 10_000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
