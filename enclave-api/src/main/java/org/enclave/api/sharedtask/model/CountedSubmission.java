package org.enclave.api.sharedtask.model;

/** Which of a team's submissions in a phase its leaderboard entry shows. */
public enum CountedSubmission {
  /** The team's most recent accepted submission. */
  LATEST,
  /** The team's best by the primary metric (the earliest of equal ones). */
  BEST,
  /** The one the team chose; until it chooses, its most recent. */
  TEAM_CHOICE
}
