package org.enclave.api.export.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACRO's table rules on exported CSV and TSV files, with planted positives and clean tables. */
class TableCheckTest {
  private static List<List<String>> table(String... rows) {
    List<List<String>> out = new ArrayList<>();
    for (String r : rows) {
      out.add(List.of(r.split(",", -1)));
    }
    return out;
  }

  @Test
  void smallCountsAndZerosAreFoundWithTheirRowAndColumn() {
    List<Finding> found =
        new TableCheck(10)
            .check(table("group,n,mean", "a,9,0.5", "b,10,0.7", "c,0,", "d,,0.1", "e,250,1"));
    assertThat(found)
        .extracting(Finding::rule, Finding::line, Finding::column)
        .containsExactly(tuple(TableCheck.SMALL_COUNT, 2, 2), tuple(TableCheck.ZERO_COUNT, 4, 2));
  }

  @Test
  void identifiersYearsAndFractionsAreNoCounts() {
    assertThat(
            new TableCheck(10)
                .check(table("year,fold,model_id,f1,k", "2021,1,3,0.41,5", "2022,2,4,0.52,5")))
        .isEmpty();
    assertThat(new TableCheck(10).check(table("n"))).isEmpty();
    assertThat(new TableCheck(10).check(List.of())).isEmpty();
  }

  @Test
  void oneRowPerPersonIsFlaggedOnceButRepeatsAreNot() {
    List<Finding> found =
        new TableCheck(10)
            .check(table("user_id,score", "u1,0.1", "u2,0.2", "u3,0.3", "u4,0.4", "u5,0.5"));
    assertThat(found).extracting(Finding::rule).containsExactly(TableCheck.PER_PERSON);
    assertThat(found.get(0).matched()).contains("5 rows");
    assertThat(
            new TableCheck(10)
                .check(table("user,score", "u1,1", "u1,2", "u2,3", "u3,4", "u4,5", "u5,6")))
        .extracting(Finding::rule)
        .doesNotContain(TableCheck.PER_PERSON);
    assertThat(new TableCheck(10).check(table("user,score", "u1,0.1", "u2,0.2"))).isEmpty();
  }

  @Test
  void aGroupWhoseTwoLargestContributionsDominateIsFlagged() {
    List<Finding> found =
        new TableCheck(10)
            .check(
                table(
                    "firm,sales",
                    "a,900",
                    "a,50",
                    "a,30",
                    "a,20",
                    "b,100",
                    "b,90",
                    "b,95",
                    "b,99",
                    "b,97.5"));
    assertThat(found)
        .extracting(Finding::rule, Finding::line, Finding::column)
        .containsExactly(tuple(TableCheck.DOMINANCE, 2, 2));
    assertThat(found.get(0).matched()).contains("firm a", "95% of the total");
    // Without a repeating label the rows are no contributions: nothing to dominate.
    assertThat(new TableCheck(10).check(table("firm,sales", "a,900", "b,50", "c,30"))).isEmpty();
  }
}
