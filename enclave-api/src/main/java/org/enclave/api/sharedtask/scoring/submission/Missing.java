package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.IdIndex;

/** Reports the gold users a submission did not cover. */
final class Missing {

  private Missing() {}

  /**
   * Records every user whose bit is clear in {@code seen}; only the first few are listed. A user
   * whose row had another problem counts as seen: that row is reported for its own problem only.
   */
  static void report(long[] seen, int n, IdIndex users, ProblemCollector problems) {
    for (int i = 0; i < n; i++) {
      if ((seen[i >>> 6] & (1L << i)) == 0) {
        problems.add(
            ProblemCode.MISSING_ID,
            "user ids of the test set that the submission does not cover",
            0,
            users.id(i),
            null);
      }
    }
  }
}
