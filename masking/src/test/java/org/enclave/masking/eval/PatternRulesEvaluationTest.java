package org.enclave.masking.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.enclave.masking.EntityType;
import org.enclave.masking.Masker;
import org.enclave.masking.MaskingPolicy;
import org.junit.jupiter.api.Test;

/**
 * The shaped identifiers of the hand-labelled posts, masked by the patterns and the dataset's
 * usernames alone (no model): the goal is that not one handle, URL, e-mail address, phone number or
 * username is left, and that what the patterns mask was marked.
 */
class PatternRulesEvaluationTest {
  private static final List<EntityType> SHAPED =
      List.of(
          EntityType.HANDLE,
          EntityType.URL,
          EntityType.EMAIL,
          EntityType.PHONE,
          EntityType.ADDRESS,
          EntityType.USERNAME);

  @Test
  void everyHandleUrlEmailPhoneAndUsernameIsMasked() {
    List<LabelledPost> posts = EvaluationSet.handLabelled();
    Evaluation e = Evaluation.of(new Masker(MaskingPolicy.everything(), List.of()), posts);
    System.out.println(e.table());
    assertThat(e.misses())
        .as("shaped identifiers left readable")
        .filteredOn(m -> SHAPED.contains(m.type()))
        .isEmpty();
    assertThat(posts).hasSizeGreaterThanOrEqualTo(300);
    for (EntityType type : SHAPED) {
      assertThat(e.score(type).recall()).as("recall of %s", type).isEqualTo(1.0);
      assertThat(e.score(type).precision()).as("precision of %s", type).isEqualTo(1.0);
    }
  }
}
