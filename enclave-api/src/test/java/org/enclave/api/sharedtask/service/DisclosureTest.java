package org.enclave.api.sharedtask.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.enclave.api.sharedtask.scoring.Direction;
import org.junit.jupiter.api.Test;

class DisclosureTest {

  @Test
  void roundsHalfUpOrLeavesAlone() {
    assertThat(Disclosure.round(0.12345, 3)).isEqualTo(0.123);
    assertThat(Disclosure.round(0.1235, 3)).isEqualTo(0.124);
    assertThat(Disclosure.round(0.1235, null)).isEqualTo(0.1235);
    assertThat(Disclosure.round(null, 2)).isNull();
    assertThat(Disclosure.round(Double.NaN, 2)).isNaN();
  }

  @Test
  void toStepIsTheNearestMultipleWithoutBinaryNoise() {
    assertThat(Disclosure.toStep(0.61, 0.1)).isEqualTo(0.6);
    assertThat(Disclosure.toStep(0.65, 0.1)).isEqualTo(0.7);
    assertThat(Disclosure.toStep(0.3, 0.1)).isEqualTo(0.3);
    assertThat(Disclosure.toStep(0.123, 0.05)).isEqualTo(0.1);
  }

  @Test
  void ladderMovesOnlyOnImprovementsLargerThanTheStep() {
    List<Disclosure.LadderStep> steps =
        Disclosure.ladder(
            Arrays.asList(0.50, 0.58, null, 0.61, 0.40, 0.95), Direction.HIGHER_IS_BETTER, 0.1);
    assertThat(steps)
        .extracting(Disclosure.LadderStep::shown)
        .containsExactly(0.5, 0.5, 0.5, 0.6, 0.6, 1.0);
    assertThat(steps)
        .extracting(Disclosure.LadderStep::improved)
        .containsExactly(true, false, false, true, false, true);
  }

  @Test
  void ladderForLossesMovesDownwards() {
    List<Disclosure.LadderStep> steps =
        Disclosure.ladder(List.of(0.9, 0.85, 0.7, 0.75), Direction.LOWER_IS_BETTER, 0.1);
    assertThat(steps).extracting(Disclosure.LadderStep::shown).containsExactly(0.9, 0.9, 0.7, 0.7);
  }

  @Test
  void ladderNeverGetsWorseWhateverTheScores() {
    java.util.Random r = new java.util.Random(1);
    for (int trial = 0; trial < 200; trial++) {
      List<Double> scores = r.doubles(20).boxed().toList();
      List<Disclosure.LadderStep> steps =
          Disclosure.ladder(scores, Direction.HIGHER_IS_BETTER, 0.05);
      for (int i = 1; i < steps.size(); i++) {
        assertThat(steps.get(i).shown()).isGreaterThanOrEqualTo(steps.get(i - 1).shown());
      }
    }
  }

  @Test
  void undefinedValuesAreWorst() {
    assertThat(Disclosure.better(0.1, null, Direction.HIGHER_IS_BETTER)).isTrue();
    assertThat(Disclosure.better(null, 0.1, Direction.HIGHER_IS_BETTER)).isFalse();
    assertThat(Disclosure.better(0.1, 0.2, Direction.LOWER_IS_BETTER)).isTrue();
    assertThat(Disclosure.better(Double.NaN, 0.2, Direction.LOWER_IS_BETTER)).isFalse();
  }
}
