package org.enclave.infra.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

  @Test
  void matchesTheReferenceImplementation() {
    // Output of Vigna's splitmix64.c seeded with 1234567.
    SplitMix64 rng = new SplitMix64(1234567);

    assertThat(new long[] {rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong()})
        .containsExactly(
            6457827717110365317L,
            3203168211198807973L,
            -8629252141511181193L,
            4593380528125082431L);
  }

  @Test
  void boundedDrawsStayInRangeAndReachBothEnds() {
    SplitMix64 rng = new SplitMix64(99);
    int[] seen = new int[7];
    for (int i = 0; i < 7_000; i++) {
      seen[rng.nextInt(3, 9) - 3]++;
    }

    for (int count : seen) {
      assertThat(count).isBetween(800, 1200);
    }
  }

  @Test
  void pickDistinctReturnsDifferentElements() {
    SplitMix64 rng = new SplitMix64(5);

    assertThat(rng.pickDistinct(List.of(1, 2, 3, 4, 5), 5))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(rng.pickDistinct(List.of(1, 2), 5)).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void rejectsNonPositiveBounds() {
    assertThatThrownBy(() -> new SplitMix64(1).nextInt(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
