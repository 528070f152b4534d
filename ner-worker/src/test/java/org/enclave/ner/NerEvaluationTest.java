package org.enclave.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.enclave.masking.EntityType;
import org.enclave.masking.Masker;
import org.enclave.masking.MaskingPolicy;
import org.enclave.masking.Truecaser;
import org.enclave.masking.eval.Evaluation;
import org.enclave.masking.eval.EvaluationSet;
import org.enclave.masking.eval.PlantedPosts;
import org.enclave.masking.ner.NerProcess;
import org.junit.jupiter.api.Test;

/**
 * The masker ingest uses (patterns, usernames, the name cues and the CoreNLP model, both on
 * truecased text, the default never-masked words) on the hand-labelled posts. The floors are what
 * this masker reaches today, so that a change that loses recall fails; docs/benchmarks.md compares
 * them with the goals (0.95 recall for names and places).
 */
class NerEvaluationTest {
  @Test
  void namesPlacesAndShapedIdentifiersOfTheHandLabelledPosts() throws IOException {
    try (NerProcess ner = NerWorkers.start(2)) {
      Truecaser truecaser = Truecaser.fromWordList(Truecaser.DEBIAN_WORDS);
      Evaluation e =
          Evaluation.of(
              Masker.standard(MaskingPolicy.defaults(), truecaser, ner),
              EvaluationSet.handLabelled());
      System.out.println(e.table());
      assertThat(e.score(EntityType.PERSON).recall()).isGreaterThanOrEqualTo(0.93);
      assertThat(e.score(EntityType.LOCATION).recall()).isGreaterThanOrEqualTo(0.95);
      for (EntityType shaped :
          List.of(
              EntityType.HANDLE,
              EntityType.URL,
              EntityType.EMAIL,
              EntityType.PHONE,
              EntityType.USERNAME)) {
        assertThat(e.score(shaped).recall()).as("recall of %s", shaped).isEqualTo(1.0);
      }
      assertThat(e.score(EntityType.PERSON).precision()).isGreaterThanOrEqualTo(0.90);
      assertThat(e.overall().precision()).isGreaterThanOrEqualTo(0.93);
    }
  }

  /** Names and places the rules were not tuned on, planted in templates (see PlantedPosts). */
  @Test
  void namesAndPlacesPlantedFromLists() throws IOException {
    try (NerProcess ner = NerWorkers.start(2)) {
      Truecaser truecaser = Truecaser.fromWordList(Truecaser.DEBIAN_WORDS);
      Evaluation e =
          Evaluation.of(
              Masker.standard(MaskingPolicy.defaults(), truecaser, ner),
              PlantedPosts.generate(500, 7));
      System.out.println(e.table());
      assertThat(e.score(EntityType.PERSON).recall()).isGreaterThanOrEqualTo(0.85);
      assertThat(e.score(EntityType.LOCATION).recall()).isGreaterThanOrEqualTo(0.88);
      assertThat(e.overall().precision()).isGreaterThanOrEqualTo(0.99);
    }
  }
}
