package org.enclave.api.sharedtask.scoring.io;

/**
 * Comparisons of short byte ranges (ids of a few to a few dozen bytes) by a plain loop, which is
 * faster than the JDK's vectorized {@code Arrays.mismatch} at those lengths.
 */
public final class Bytes {

  private Bytes() {}

  public static boolean equal(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
    int len = aTo - aFrom;
    if (len != bTo - bFrom) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (a[aFrom + i] != b[bFrom + i]) {
        return false;
      }
    }
    return true;
  }

  /** Compares as unsigned bytes, then by length: the code point order of UTF-8 strings. */
  public static int compare(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
    int aLen = aTo - aFrom;
    int bLen = bTo - bFrom;
    int len = Math.min(aLen, bLen);
    for (int i = 0; i < len; i++) {
      int x = a[aFrom + i] & 0xff;
      int y = b[bFrom + i] & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return aLen - bLen;
  }
}
