package org.enclave.api.sharedtask.scoring.metrics;

import java.util.List;

/**
 * The user model of time-biased gain (Smucker &amp; Clarke, SIGIR 2012), with their published
 * calibration as defaults:
 *
 * <ul>
 *   <li>{@code clickRelevant} P(C=1|R=1) = 0.64 and {@code clickNonRelevant} P(C=1|R=0) = 0.39: the
 *       chance that an assessor who reads a summary opens the item;
 *   <li>{@code saveRelevant} P(S=1|R=1) = 0.77: the chance that an opened relevant item is
 *       recognised as relevant;
 *   <li>{@code summarySeconds} T_s = 4.4 s to read a summary;
 *   <li>{@code secondsPerWord} α = 0.018 s/word and {@code itemSeconds} β = 7.8 s: reading an
 *       opened item of l words takes α·l + β seconds;
 *   <li>{@code halfLives} 224 s and 1800 s: the gain of an item reached at time t is discounted by
 *       exp(−t·ln 2 / h).
 * </ul>
 */
public record TbgParameters(
    double clickRelevant,
    double clickNonRelevant,
    double saveRelevant,
    double summarySeconds,
    double secondsPerWord,
    double itemSeconds,
    List<Double> halfLives) {

  public static final TbgParameters DEFAULT =
      new TbgParameters(0.64, 0.39, 0.77, 4.4, 0.018, 7.8, List.of(224.0, 1800.0));

  public TbgParameters {
    halfLives = List.copyOf(halfLives);
    if (halfLives.isEmpty() || halfLives.stream().anyMatch(h -> !(h > 0))) {
      throw new IllegalArgumentException("half-lives must be positive");
    }
  }

  /** The gain of a relevant item, P(C=1|R=1)·P(S=1|R=1) = 0.4928 by default. */
  public double relevantGain() {
    return clickRelevant * saveRelevant;
  }

  /** Seconds spent on one item: T_s + P(C=1|R)·(α·words + β). */
  public double itemTime(boolean relevant, double words) {
    return summarySeconds
        + (relevant ? clickRelevant : clickNonRelevant) * (secondsPerWord * words + itemSeconds);
  }
}
