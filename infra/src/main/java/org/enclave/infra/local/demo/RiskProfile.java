package org.enclave.infra.local.demo;

/**
 * How users of one risk level behave in the generator. All probabilities are whole percentages so
 * that no floating-point arithmetic touches the output.
 *
 * @param labelWeight share of users with this label
 * @param suicideWatchPercent chance that the user posts in r/SuicideWatch at all
 * @param mentalHealthPercent chance that any one post goes to a mental-health subreddit
 * @param flatMoodPercent chance that an everyday post carries a line of low mood
 * @param evidencePercent chance that a post about the user's own distress is marked as evidence
 * @param supportWeight weight of {@link Tone#SUPPORT} among mental-health posts
 * @param mildWeight weight of {@link Tone#MILD} among mental-health posts
 * @param moderateWeight weight of {@link Tone#MODERATE} among mental-health posts
 * @param severeWeight weight of {@link Tone#SEVERE} among mental-health posts
 */
record RiskProfile(
    int labelWeight,
    int suicideWatchPercent,
    int mentalHealthPercent,
    int flatMoodPercent,
    int evidencePercent,
    int supportWeight,
    int mildWeight,
    int moderateWeight,
    int severeWeight) {

  private static final RiskProfile NO_RISK = new RiskProfile(35, 50, 15, 3, 0, 55, 45, 0, 0);
  private static final RiskProfile LOW = new RiskProfile(20, 70, 35, 10, 50, 10, 60, 30, 0);
  private static final RiskProfile MODERATE = new RiskProfile(25, 85, 50, 15, 65, 0, 25, 55, 20);
  private static final RiskProfile SEVERE = new RiskProfile(20, 95, 60, 20, 80, 0, 10, 40, 50);

  static RiskProfile of(RiskLabel label) {
    return switch (label) {
      case A -> NO_RISK;
      case B -> LOW;
      case C -> MODERATE;
      case D -> SEVERE;
    };
  }

  /** Draws a label with the weights above. */
  static RiskLabel drawLabel(SplitMix64 rng) {
    int total = 0;
    for (RiskLabel label : RiskLabel.values()) {
      total += of(label).labelWeight();
    }
    int point = rng.nextInt(total);
    for (RiskLabel label : RiskLabel.values()) {
      point -= of(label).labelWeight();
      if (point < 0) {
        return label;
      }
    }
    throw new IllegalStateException("label weights do not cover the draw");
  }

  /** The tone of a post in a mental-health subreddit. */
  Tone drawMentalHealthTone(SplitMix64 rng) {
    return draw(rng, supportWeight);
  }

  /** The tone of a post about the user's own distress; needs some distress weight. */
  Tone drawDistressTone(SplitMix64 rng) {
    return draw(rng, 0);
  }

  private Tone draw(SplitMix64 rng, int support) {
    int point = rng.nextInt(support + mildWeight + moderateWeight + severeWeight);
    if (point < support) {
      return Tone.SUPPORT;
    }
    point -= support;
    if (point < mildWeight) {
      return Tone.MILD;
    }
    point -= mildWeight;
    return point < moderateWeight ? Tone.MODERATE : Tone.SEVERE;
  }
}
