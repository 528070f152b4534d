package org.enclave.api.export.check;

/**
 * Sorts {@code (key, value)} pairs by key as unsigned 64-bit numbers: least-significant-digit radix
 * sort, 16 bits a pass, linear in the number of pairs (the index sorts tens of millions).
 */
final class PairSort {
  private PairSort() {}

  static void sort(long[] keys, int[] values, int size) {
    long[] k2 = new long[size];
    int[] v2 = new int[size];
    long[] srcK = keys;
    int[] srcV = values;
    long[] dstK = k2;
    int[] dstV = v2;
    int[] count = new int[1 << 16];
    for (int shift = 0; shift < 64; shift += 16) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < size; i++) {
        count[(int) ((srcK[i] >>> shift) & 0xffff)]++;
      }
      int sum = 0;
      for (int d = 0; d < count.length; d++) {
        int c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (int i = 0; i < size; i++) {
        int at = count[(int) ((srcK[i] >>> shift) & 0xffff)]++;
        dstK[at] = srcK[i];
        dstV[at] = srcV[i];
      }
      long[] tk = srcK;
      srcK = dstK;
      dstK = tk;
      int[] tv = srcV;
      srcV = dstV;
      dstV = tv;
    }
    // Four passes: the sorted pairs are back in the caller's arrays.
  }
}
