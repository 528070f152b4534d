package org.enclave.api.sharedtask.model;

/** How leaderboard entries with equal shown scores are ranked. */
public enum TieRule {
  /** The entry whose counted submission came first ranks higher; ranks are 1, 2, 3. */
  EARLIER_FIRST,
  /** Equal scores share a rank, and the next rank skips: 1, 1, 3 (competition ranking). */
  SHARED_RANK
}
