package org.enclave.api.export.persistence;

/** Where an export request stands. Only {@code RELEASED} files can be downloaded. */
public enum ExportState {
  /** Filed and waiting for its reviews. */
  SUBMITTED,
  /** Taken back by its author before any review. */
  WITHDRAWN,
  /** Sent back for changes; the team files a new request. */
  RETURNED,
  /** Refused by a reviewer. */
  REJECTED,
  /** Approved by two reviewers: its files may be downloaded by the team. */
  RELEASED;

  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
