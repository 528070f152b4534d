package org.enclave.api.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.masking.EntityType;
import org.enclave.masking.Span;
import org.junit.jupiter.api.Test;

class MaskingStatsTest {

  @Test
  void countsByTypeAndRuleAndKeepsTheFrequentStrings() {
    MaskingStats s = new MaskingStats();
    String text = "Grace and grace met Leeds";
    s.count(
        text,
        List.of(
            Span.of(0, 5, EntityType.PERSON, "term"),
            Span.of(10, 15, EntityType.PERSON, "ner"),
            Span.of(20, 25, EntityType.LOCATION, "ner")));
    assertThat(s.byType).containsEntry("PERSON", 2L).containsEntry("LOCATION", 1L);
    assertThat(s.byRule).containsEntry("ner", 2L).containsEntry("term", 1L);
    assertThat(s.top(1)).singleElement().satisfies(c -> assertThat(c.text).isEqualTo("grace"));
  }

  @Test
  void theFrequentListStaysBoundedAndFindsTheHeavyHitter() {
    MaskingStats s = new MaskingStats();
    for (int i = 0; i < 20_000; i++) {
      String name = i % 3 == 0 ? "anna" : "name" + i;
      s.count(name, List.of(Span.of(0, name.length(), EntityType.PERSON, "ner")));
    }
    assertThat(s.frequent).hasSize(MaskingStats.CAPACITY);
    assertThat(s.top(1).get(0).text).isEqualTo("anna");
    assertThat(s.top(1).get(0).count).isGreaterThanOrEqualTo(6667);
  }

  @Test
  void theSampleIsFixedInSizeAndTheSameAfterARoundTrip() {
    UUID job = UUID.randomUUID();
    MaskingStats whole = new MaskingStats();
    MaskingStats resumed = new MaskingStats();
    for (long row = 1; row <= 1000; row++) {
      long r = row;
      whole.offer(job, r, 10, () -> Map.of("body", "b" + r), () -> Map.of("body", "a" + r));
      if (row == 500) {
        resumed = IngestReports.read(IngestReports.write(resumed));
      }
      resumed.offer(job, r, 10, () -> Map.of("body", "b" + r), () -> Map.of("body", "a" + r));
    }
    assertThat(whole.sample).hasSize(10);
    assertThat(resumed.sample.stream().map(x -> x.row).toList())
        .isEqualTo(whole.sample.stream().map(x -> x.row).toList());
    MaskingStats forgotten =
        IngestReports.read(IngestReports.withoutRaw(IngestReports.write(whole)));
    assertThat(forgotten.rawDeleted).isTrue();
    assertThat(forgotten.sample).allSatisfy(x -> assertThat(x.before).isEmpty());
  }
}
