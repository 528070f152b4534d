package org.enclave.api.sharedtask.scoring.submission;

import java.util.List;

/**
 * One kind of problem found in a file: its code, a sentence saying what is wrong and how to fix it,
 * how many times it occurred, and the first occurrences (capped, see {@link
 * ProblemCollector#DEFAULT_CAP}); {@code count > occurrences.size()} means the list was cut.
 */
public record Problem(ProblemCode code, String detail, long count, List<Occurrence> occurrences) {

  public Problem {
    occurrences = List.copyOf(occurrences);
  }

  /** True when more occurrences were found than are listed. */
  public boolean truncated() {
    return count > occurrences.size();
  }

  /**
   * Where one occurrence is: a 1-based line number (0 when the problem has no line, e.g. a missing
   * id), the user id and post id when known (else null), and the offending value (else null),
   * shortened to at most 64 characters.
   */
  public record Occurrence(long line, String userId, String postId, String value) {}
}
