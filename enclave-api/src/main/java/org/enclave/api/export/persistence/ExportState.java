package org.enclave.api.export.persistence;

/** Where an export request stands. Only {@code RELEASED} files can be downloaded. */
public enum ExportState {
  /** Filed and waiting for its reviews. */
  SUBMITTED,
  /** Approved by one reviewer, waiting for the second; it can no longer be withdrawn. */
  IN_REVIEW,
  /** Taken back by its author before any review. */
  WITHDRAWN,
  /** Sent back for changes; the team files a new request. */
  RETURNED,
  /** Refused by a reviewer. */
  REJECTED,
  /** Approved by two reviewers: its files may be downloaded by the team. */
  RELEASED;

  /** Whether a reviewer may still decide it. */
  public boolean openForReview() {
    return this == SUBMITTED || this == IN_REVIEW;
  }

  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
