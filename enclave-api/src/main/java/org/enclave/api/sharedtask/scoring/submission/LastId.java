package org.enclave.api.sharedtask.scoring.submission;

import org.enclave.api.sharedtask.scoring.io.TsvScanner;

/**
 * The user id of the previous row and its index: files list a user's rows together, and often the
 * users in the gold's order, so most rows skip the hash lookup.
 */
final class LastId {
  private final byte[] bytes = new byte[Ids.MAX_BYTES];
  private int length = -1;
  int index;

  boolean matches(TsvScanner t, int field) {
    return length >= 0 && t.fieldEquals(field, bytes, 0, length);
  }

  /** True when a previous row was remembered: {@link #index} is then its user's. */
  boolean any() {
    return length >= 0;
  }

  void remember(TsvScanner t, int field, int index) {
    int len = t.length(field);
    if (len > bytes.length) {
      length = -1;
      return;
    }
    System.arraycopy(t.bytes(), t.start(field), bytes, 0, len);
    length = len;
    this.index = index;
  }
}
