package org.enclave.masking.eval;

import java.util.List;
import org.enclave.masking.EntityType;

/**
 * A post of the evaluation set with what a person marked in it: {@code text} is the title (if any)
 * and the body, one line apart, with the marks removed; {@code gold} the marked spans.
 */
public record LabelledPost(
    String id, String userId, String username, String time, String text, List<Gold> gold) {

  /** Characters {@code [start, end)} of the text are a {@code type}. */
  public record Gold(int start, int end, EntityType type) {}
}
