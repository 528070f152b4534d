package org.enclave.api.sharedtask.scoring.submission;

/** The rule every user and post id follows. */
public final class Ids {

  /** Longest id in bytes. */
  public static final int MAX_BYTES = 256;

  public static final String RULE =
      "ids are 1 to " + MAX_BYTES + " bytes of UTF-8 without spaces or control characters";

  private Ids() {}

  /** True when {@code b[from, to)} is a valid id (the bytes are already known to be UTF-8). */
  public static boolean valid(byte[] b, int from, int to) {
    int len = to - from;
    if (len <= 0 || len > MAX_BYTES) {
      return false;
    }
    for (int i = from; i < to; i++) {
      int c = b[i] & 0xff;
      if (c <= 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
