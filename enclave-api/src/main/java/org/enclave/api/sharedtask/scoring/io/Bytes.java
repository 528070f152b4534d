package org.enclave.api.sharedtask.scoring.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-range comparisons and scans for short ranges (ids of a few to a few dozen bytes, lines of a
 * few dozen), eight bytes at a time: faster than a byte loop, and than the JDK's vectorized {@code
 * Arrays.mismatch}, whose set-up costs more than it saves at those lengths.
 */
public final class Bytes {

  private static final VarHandle LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BIG_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Bytes() {}

  /** The eight bytes at {@code b[i]}, the first in the lowest bits. */
  public static long word(byte[] b, int i) {
    return (long) LITTLE_ENDIAN.get(b, i);
  }

  /**
   * For a {@link #word}: the high bit of every byte that is a control character, a space, DEL or
   * not ASCII ({@code <= 0x20} or {@code >= 0x7f}), else 0. Exact for the lowest such byte; bytes
   * above it may be flagged without being one (a borrow or carry), so callers take the lowest flag
   * ({@code Long.numberOfTrailingZeros(m) >>> 3}) and look again after it.
   */
  public static long specials(long w) {
    return (((w - 0x2121212121212121L) & ~w) | w | (w + ONES)) & HIGH_BITS;
  }

  public static boolean equal(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
    int len = aTo - aFrom;
    if (len != bTo - bFrom) {
      return false;
    }
    if (len >= 8) {
      for (int i = 0; i < len - 8; i += 8) {
        if (word(a, aFrom + i) != word(b, bFrom + i)) {
          return false;
        }
      }
      return word(a, aTo - 8) == word(b, bTo - 8); // the last eight, overlapping the loop's
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
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long x = (long) BIG_ENDIAN.get(a, aFrom + i);
      long y = (long) BIG_ENDIAN.get(b, bFrom + i);
      if (x != y) {
        return Long.compareUnsigned(x, y);
      }
    }
    for (; i < len; i++) {
      int x = a[aFrom + i] & 0xff;
      int y = b[bFrom + i] & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return aLen - bLen;
  }
}
