package org.enclave.api.sharedtask.scoring.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemCollectorTest {

  @Test
  void mergingALaterPartAddsItsCountsAndListsItsFirstOccurrencesOnTheFilesLines() {
    ProblemCollector first = new ProblemCollector(3);
    first.add(ProblemCode.UNKNOWN_ID, "first detail", 2, "u2", null);
    first.add(ProblemCode.UNKNOWN_ID, "first detail", 5, "u5", null);
    ProblemCollector later = new ProblemCollector(3);
    later.add(ProblemCode.UNKNOWN_ID, "later detail", 1, "x1", null);
    later.add(ProblemCode.UNKNOWN_ID, "later detail", 4, "x4", "p", "v");
    later.add(ProblemCode.BLANK_LINE, "blank", 7, null, null);
    later.add(ProblemCode.MISSING_ID, "missing", 0, "m", null);

    first.addAll(later, 100);

    ValidationReport r = first.report();
    Problem unknown = r.problem(ProblemCode.UNKNOWN_ID).orElseThrow();
    assertThat(unknown.detail()).isEqualTo("first detail");
    assertThat(unknown.count()).isEqualTo(4);
    assertThat(unknown.occurrences())
        .containsExactly(
            new Problem.Occurrence(2, "u2", null, null),
            new Problem.Occurrence(5, "u5", null, null),
            new Problem.Occurrence(101, "x1", null, null));
    assertThat(r.problem(ProblemCode.BLANK_LINE).orElseThrow().occurrences().get(0).line())
        .isEqualTo(107);
    assertThat(r.problem(ProblemCode.MISSING_ID).orElseThrow().occurrences().get(0).line())
        .as("no line stays no line")
        .isZero();
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCode.BLANK_LINE, ProblemCode.UNKNOWN_ID, ProblemCode.MISSING_ID);
  }
}
