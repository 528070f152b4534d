package org.enclave.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.enclave.api.audit.UnauthenticatedDenialBudget.Admission;
import org.enclave.api.audit.UnauthenticatedDenialBudget.Summary;
import org.junit.jupiter.api.Test;

class UnauthenticatedDenialBudgetTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void theFirstRefusalsOfAnAddressAreRecordedAndTheRestSummarizedOnceTheMinuteEnds() {
    var budget = new UnauthenticatedDenialBudget(3, 100, 10);
    List<Boolean> recorded = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Admission a = budget.admit("10.0.0.1", T0.plusSeconds(i));
      recorded.add(a.record());
      assertThat(a.due()).isEmpty();
    }
    assertThat(recorded)
        .containsExactly(true, true, true, false, false, false, false, false, false, false);
    assertThat(budget.flush(T0.plusSeconds(59))).isEmpty();

    List<Summary> due = budget.flush(T0.plusSeconds(60));

    assertThat(due)
        .containsExactly(new Summary("10.0.0.1", 7, T0.plusSeconds(3), T0.plusSeconds(9)));
    assertThat(budget.flush(T0.plusSeconds(61))).as("handed out once").isEmpty();
  }

  @Test
  void aNewMinuteStartsAFreshBudgetAndHandsOverTheLastOnesSummary() {
    var budget = new UnauthenticatedDenialBudget(1, 100, 10);
    budget.admit("a", T0);
    budget.admit("a", T0.plusSeconds(1));

    Admission next = budget.admit("a", T0.plusSeconds(65));

    assertThat(next.record()).isTrue();
    assertThat(next.due())
        .containsExactly(new Summary("a", 1, T0.plusSeconds(1), T0.plusSeconds(1)));
  }

  @Test
  void addressesHaveBudgetsOfTheirOwnWithinAnOverallOne() {
    var budget = new UnauthenticatedDenialBudget(2, 3, 10);
    assertThat(budget.admit("a", T0).record()).isTrue();
    assertThat(budget.admit("b", T0).record()).isTrue();
    assertThat(budget.admit("a", T0).record()).isTrue();
    assertThat(budget.admit("b", T0).record()).as("overall budget spent").isFalse();
    assertThat(budget.admit("c", T0).record()).isFalse();

    assertThat(budget.flush(T0.plusSeconds(60)))
        .extracting(Summary::address, Summary::suppressed)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("b", 1),
            org.assertj.core.groups.Tuple.tuple("c", 1));
  }

  @Test
  void beyondTheTrackedAddressesRefusalsAreCountedUnderOthers() {
    var budget = new UnauthenticatedDenialBudget(5, 100, 2);
    assertThat(budget.admit("a", T0).record()).isTrue();
    assertThat(budget.admit("b", T0).record()).isTrue();
    for (int i = 0; i < 50; i++) {
      assertThat(budget.admit("spray-" + i, T0).record()).isFalse();
    }
    assertThat(budget.admit(null, T0).record()).isFalse();

    assertThat(budget.flush(T0.plusSeconds(60)))
        .containsExactly(new Summary(UnauthenticatedDenialBudget.OTHERS, 51, T0, T0));
  }

  @Test
  void aZeroBudgetSummarizesEverything() {
    var budget = new UnauthenticatedDenialBudget(0, 0, 10);
    assertThat(budget.admit("a", T0).record()).isFalse();
    assertThat(budget.flush(T0.plusSeconds(60))).hasSize(1);
  }
}
