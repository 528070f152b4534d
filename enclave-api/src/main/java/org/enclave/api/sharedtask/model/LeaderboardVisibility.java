package org.enclave.api.sharedtask.model;

/** Who sees a phase's leaderboard, and whether teams see their own scores. */
public enum LeaderboardVisibility {
  /** Only the task's organizers see the leaderboard; teams see their own scores. */
  ORGANIZERS_ONLY,
  /**
   * Only organizers see the leaderboard, and teams do not see their own scores, until an organizer
   * reveals the phase; after that, as {@link #VISIBLE}.
   */
  HIDDEN_UNTIL_REVEALED,
  /** Participants see the leaderboard and their own scores. */
  VISIBLE
}
