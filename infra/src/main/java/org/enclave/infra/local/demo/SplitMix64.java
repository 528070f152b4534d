package org.enclave.infra.local.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014), written out here rather than borrowed
 * from {@link java.util.SplittableRandom}: the JDK documents neither the algorithm nor the bounded
 * draws as stable across releases, and the corpus must come out byte for byte the same on every
 * JVM. Every draw uses integer arithmetic only.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /**
   * An independent stream for one part of the corpus, so that each user's draws depend only on the
   * seed and the user's index, not on how many draws came before.
   */
  static SplitMix64 stream(long seed, long index) {
    return new SplitMix64(mix(seed ^ mix(index * GOLDEN_GAMMA + GOLDEN_GAMMA)));
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** A uniform integer in {@code [0, bound)}, without modulo bias. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long range = 1L << 32;
    long rejectBelow = range % bound;
    while (true) {
      long candidate = nextLong() >>> 32;
      if (candidate >= rejectBelow) {
        return (int) (candidate % bound);
      }
    }
  }

  /** A uniform integer in {@code [min, max]}. */
  int nextInt(int min, int max) {
    return min + nextInt(max - min + 1);
  }

  /** True with probability {@code percent}/100. */
  boolean chance(int percent) {
    return nextInt(100) < percent;
  }

  /** A uniformly chosen element. */
  <T> T pick(List<T> choices) {
    return choices.get(nextInt(choices.size()));
  }

  /**
   * {@code count} different elements (or all of them, if there are fewer), in random order: a
   * partial Fisher-Yates shuffle of a copy.
   */
  <T> List<T> pickDistinct(List<T> choices, int count) {
    List<T> pool = new ArrayList<>(choices);
    int taken = Math.min(count, pool.size());
    for (int i = 0; i < taken; i++) {
      int j = i + nextInt(pool.size() - i);
      T chosen = pool.get(j);
      pool.set(j, pool.get(i));
      pool.set(i, chosen);
    }
    return List.copyOf(pool.subList(0, taken));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
