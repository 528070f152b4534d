package org.enclave.api.sharedtask.scoring.io;

/** Stable merge sorts of {@code int} indices, without boxing. */
public final class StableSort {

  /** Compares two indices. */
  @FunctionalInterface
  public interface IntComparator {
    int compare(int a, int b);
  }

  private static final int INSERTION = 24;

  private StableSort() {}

  /** Sorts {@code a[from, to)} stably by the comparator. */
  public static void sort(int[] a, int from, int to, IntComparator c) {
    if (to - from <= INSERTION) {
      insertion(a, from, to, c);
      return;
    }
    int[] tmp = new int[to - from];
    mergeSort(a, tmp, from, to, c);
  }

  /**
   * Sorts {@code a[from, to)} stably by {@code key[a[i]]} descending: indices whose keys are equal
   * keep their order. {@code tmp} is scratch space of at least {@code to - from} (may be null).
   */
  public static int[] sortByKeyDescending(int[] a, int from, int to, double[] key, int[] tmp) {
    int n = to - from;
    if (n <= INSERTION) {
      for (int i = from + 1; i < to; i++) {
        int x = a[i];
        double kx = key[x];
        int j = i - 1;
        while (j >= from && key[a[j]] < kx) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return tmp;
    }
    if (tmp == null || tmp.length < n) {
      tmp = new int[n];
    }
    // Bottom-up: runs of INSERTION by insertion sort, then merges, ping-ponging a <-> tmp.
    for (int lo = from; lo < to; lo += INSERTION) {
      sortByKeyDescending(a, lo, Math.min(lo + INSERTION, to), key, null);
    }
    int[] src = a;
    int srcOff = from;
    int[] dst = tmp;
    int dstOff = 0;
    for (int width = INSERTION; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // take from the right only when strictly greater: keeps equal keys in order
          if (key[src[srcOff + j]] > key[src[srcOff + i]]) {
            dst[dstOff + k++] = src[srcOff + j++];
          } else {
            dst[dstOff + k++] = src[srcOff + i++];
          }
        }
        while (i < mid) {
          dst[dstOff + k++] = src[srcOff + i++];
        }
        while (j < hi) {
          dst[dstOff + k++] = src[srcOff + j++];
        }
      }
      int[] s = src;
      int so = srcOff;
      src = dst;
      srcOff = dstOff;
      dst = s;
      dstOff = so;
    }
    if (src != a) {
      System.arraycopy(src, srcOff, a, from, n);
    }
    return tmp;
  }

  /**
   * Sorts {@code order} stably by {@code key[order[i]]} descending, in linear time: a least
   * significant digit radix sort of the keys as 64-bit integers that order like the doubles (keys
   * must not be NaN; -0.0 sorts below 0.0). Byte positions that every key shares cost nothing.
   */
  public static void radixByKeyDescending(int[] order, double[] key) {
    int n = order.length;
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      bits[i] = ~ascendingBits(key[order[i]]); // ascending in these is descending in the doubles
    }
    int[][] counts = new int[8][257];
    for (long b : bits) {
      for (int d = 0; d < 8; d++) {
        counts[d][(int) (b >>> (8 * d)) & 0xff]++;
      }
    }
    long[] bitsTo = new long[n];
    int[] orderTo = new int[n];
    int[] result = order;
    for (int d = 0; d < 8; d++) {
      int[] count = counts[d];
      if (n == 0 || count[(int) (bits[0] >>> (8 * d)) & 0xff] == n) {
        continue; // every key has this byte: the pass would change nothing
      }
      int[] next = new int[256];
      for (int v = 1; v < 256; v++) {
        next[v] = next[v - 1] + count[v - 1];
      }
      for (int i = 0; i < n; i++) {
        int at = next[(int) (bits[i] >>> (8 * d)) & 0xff]++;
        bitsTo[at] = bits[i];
        orderTo[at] = result[i];
      }
      long[] b = bits;
      bits = bitsTo;
      bitsTo = b;
      int[] o = result;
      result = orderTo;
      orderTo = o;
    }
    if (result != order) {
      System.arraycopy(result, 0, order, 0, n);
    }
  }

  /**
   * The double's bits, changed so that comparing them as unsigned longs orders like the doubles.
   */
  private static long ascendingBits(double v) {
    long b = Double.doubleToRawLongBits(v);
    return b ^ ((b >> 63) | Long.MIN_VALUE); // negatives: every bit flipped; others: the sign bit
  }

  private static void mergeSort(int[] a, int[] tmp, int from, int to, IntComparator c) {
    if (to - from <= INSERTION) {
      insertion(a, from, to, c);
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, c);
    mergeSort(a, tmp, mid, to, c);
    if (c.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, tmp, 0, to - from);
    int i = 0;
    int iEnd = mid - from;
    int j = iEnd;
    int jEnd = to - from;
    int k = from;
    while (i < iEnd && j < jEnd) {
      a[k++] = c.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
    }
    while (i < iEnd) {
      a[k++] = tmp[i++];
    }
    while (j < jEnd) {
      a[k++] = tmp[j++];
    }
  }

  private static void insertion(int[] a, int from, int to, IntComparator c) {
    for (int i = from + 1; i < to; i++) {
      int x = a[i];
      int j = i - 1;
      while (j >= from && c.compare(a[j], x) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
  }
}
