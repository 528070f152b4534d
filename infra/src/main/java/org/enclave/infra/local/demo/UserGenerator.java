package org.enclave.infra.local.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Generates one user's posts from that user's own random stream. */
final class UserGenerator {

  static final int MIN_POSTS = 3;
  static final int MAX_POSTS = 25;
  private static final int SUICIDE_WATCH_SHARE_PERCENT = 60;
  private static final int MIN_ACTIVE_SECONDS = 60 * 86_400;

  /** A post before it has a number; mutable while the user's posts are being planned. */
  private static final class Plan {
    String subreddit;
    Tone tone;
    boolean evidence;
    long timestamp;
    int order;
  }

  private final SplitMix64 rng;
  private final RiskLabel label;
  private final RiskProfile profile;
  private final List<Topic> interests;
  private final List<String> mentalHealthSubreddits;
  private final boolean postsInSuicideWatch;

  private UserGenerator(SplitMix64 rng, RiskLabel label) {
    this.rng = rng;
    this.label = label;
    this.profile = RiskProfile.of(label);
    this.interests = rng.pickDistinct(Subreddits.ORDINARY, rng.nextInt(2, 3));
    this.mentalHealthSubreddits =
        rng.pickDistinct(Subreddits.OTHER_MENTAL_HEALTH, rng.nextInt(1, 2));
    this.postsInSuicideWatch = rng.chance(profile.suicideWatchPercent());
  }

  /**
   * Generates the posts of one user.
   *
   * @param rng the user's own stream
   * @param firstPostNumber the number of the user's first post; the others follow in time order
   */
  static SyntheticUser generate(
      SplitMix64 rng,
      String userId,
      RiskLabel label,
      SyntheticUser.Partition partition,
      int firstPostNumber) {
    UserGenerator generator = new UserGenerator(rng, label);
    List<Plan> plans = generator.plan();
    TextComposer composer = new TextComposer(rng);
    List<SyntheticPost> posts = new ArrayList<>(plans.size());
    int number = firstPostNumber;
    for (Plan plan : plans) {
      TextComposer.Text text = generator.text(composer, plan);
      posts.add(
          new SyntheticPost(
              String.format(Locale.ROOT, "p%06d", number++),
              userId,
              plan.subreddit,
              plan.timestamp,
              text.title(),
              text.body(),
              plan.evidence));
    }
    return new SyntheticUser(userId, label, partition, posts);
  }

  private List<Plan> plan() {
    int count = MIN_POSTS + rng.nextInt(23) * rng.nextInt(23) / 22;
    List<Plan> plans = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Plan plan = new Plan();
      plan.order = i;
      if (rng.chance(profile.mentalHealthPercent())) {
        plan.subreddit = mentalHealthSubreddit();
        plan.tone = profile.drawMentalHealthTone(rng);
      } else {
        plan.subreddit = rng.pick(interests).subreddit();
        plan.tone = Tone.EVERYDAY;
      }
      plans.add(plan);
    }
    if (postsInSuicideWatch
        && plans.stream().noneMatch(p -> Subreddits.SUICIDE_WATCH.equals(p.subreddit))) {
      Plan plan = rng.pick(plans);
      plan.subreddit = Subreddits.SUICIDE_WATCH;
      plan.tone = profile.drawMentalHealthTone(rng);
    }
    if (label != RiskLabel.A) {
      markEvidence(plans);
    }
    placeInTime(plans);
    return plans;
  }

  /** Marks some distress posts as evidence, making sure there is at least one. */
  private void markEvidence(List<Plan> plans) {
    List<Plan> distress = plans.stream().filter(p -> p.tone.isDistress()).toList();
    if (distress.isEmpty()) {
      Plan plan = rng.pick(plans);
      plan.subreddit =
          postsInSuicideWatch ? Subreddits.SUICIDE_WATCH : rng.pick(mentalHealthSubreddits);
      plan.tone = profile.drawDistressTone(rng);
      distress = List.of(plan);
    }
    boolean any = false;
    for (Plan plan : distress) {
      plan.evidence = rng.chance(profile.evidencePercent());
      any |= plan.evidence;
    }
    if (!any) {
      rng.pick(distress).evidence = true;
    }
  }

  /** Spreads the posts over an active period inside the corpus window, oldest first. */
  private void placeInTime(List<Plan> plans) {
    long window = SyntheticClpsychCorpus.END_TIMESTAMP - SyntheticClpsychCorpus.FIRST_TIMESTAMP;
    long start = SyntheticClpsychCorpus.FIRST_TIMESTAMP + rng.nextInt((int) (window / 2));
    long remaining = SyntheticClpsychCorpus.END_TIMESTAMP - start;
    long active =
        Math.min(remaining, MIN_ACTIVE_SECONDS + rng.nextInt((int) window - MIN_ACTIVE_SECONDS));
    for (Plan plan : plans) {
      plan.timestamp = start + rng.nextInt((int) active);
    }
    plans.sort(Comparator.comparingLong((Plan p) -> p.timestamp).thenComparingInt(p -> p.order));
  }

  private TextComposer.Text text(TextComposer composer, Plan plan) {
    if (plan.tone == Tone.EVERYDAY) {
      Topic topic = Subreddits.topic(plan.subreddit);
      return composer.compose(Tone.EVERYDAY, topic, rng.chance(profile.flatMoodPercent()));
    }
    return composer.compose(plan.tone, rng.pick(interests), false);
  }

  private String mentalHealthSubreddit() {
    if (postsInSuicideWatch && rng.chance(SUICIDE_WATCH_SHARE_PERCENT)) {
      return Subreddits.SUICIDE_WATCH;
    }
    return rng.pick(mentalHealthSubreddits);
  }
}
