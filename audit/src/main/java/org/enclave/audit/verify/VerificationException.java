package org.enclave.audit.verify;

import java.util.OptionalLong;

/**
 * The log failed a check. It carries the first problem found and, when the problem sits at an
 * entry, that entry's index: the first one an auditor should look at.
 */
public final class VerificationException extends Exception {

  private static final long NO_INDEX = -1;

  private final long index;
  private final String reason;

  private VerificationException(long index, String reason) {
    super(index == NO_INDEX ? reason : "at index " + index + ": " + reason);
    this.index = index;
    this.reason = reason;
  }

  /** A failure first visible at the entry {@code index}. */
  static VerificationException at(long index, String reason) {
    if (index < 0) {
      throw new IllegalArgumentException("negative entry index " + index);
    }
    return new VerificationException(index, reason);
  }

  /** A failure of the checkpoints themselves, before any entry is read. */
  static VerificationException of(String reason) {
    return new VerificationException(NO_INDEX, reason);
  }

  /** The first entry the failure concerns, if it concerns entries. */
  public OptionalLong index() {
    return index == NO_INDEX ? OptionalLong.empty() : OptionalLong.of(index);
  }

  /** What is wrong, without the index. */
  public String reason() {
    return reason;
  }

  /** The report line: {@code FAIL at index N: reason}, or {@code FAIL: reason}. */
  public String line() {
    return index == NO_INDEX ? "FAIL: " + reason : "FAIL at index " + index + ": " + reason;
  }
}
