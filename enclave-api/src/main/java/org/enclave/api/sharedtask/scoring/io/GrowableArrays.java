package org.enclave.api.sharedtask.scoring.io;

import java.util.Arrays;

/**
 * Append-only primitive arrays in chunks of 2^20 elements: growing never copies what is there, so
 * reading tens of millions of rows does not need twice their memory at any moment.
 */
public final class GrowableArrays {

  private static final int SHIFT = 20;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private GrowableArrays() {}

  /** Growable {@code int[]}. */
  public static final class Ints {
    private int[][] chunks = new int[4][];
    private int size;

    public void add(int v) {
      set(size, v);
    }

    /** Sets element i, growing the array (new elements are 0) when i is past the end. */
    public void set(int i, int v) {
      int c = i >>> SHIFT;
      if (c >= chunks.length) {
        chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, c + 1));
      }
      if (chunks[c] == null) {
        chunks[c] = new int[CHUNK];
      }
      chunks[c][i & MASK] = v;
      size = Math.max(size, i + 1);
    }

    public int get(int i) {
      return chunks[i >>> SHIFT][i & MASK];
    }

    public int size() {
      return size;
    }

    /**
     * A plain array of the first {@code n} elements (missing chunks read as 0); drops the chunks.
     */
    public int[] toArray(int n) {
      int[] out = new int[n];
      for (int c = 0; c * CHUNK < n; c++) {
        if (c < chunks.length && chunks[c] != null) {
          System.arraycopy(chunks[c], 0, out, c * CHUNK, Math.min(CHUNK, n - c * CHUNK));
          chunks[c] = null;
        }
      }
      return out;
    }
  }

  /** Growable {@code double[]}. */
  public static final class Doubles {
    private double[][] chunks = new double[4][];
    private int size;

    public void add(double v) {
      int c = size >>> SHIFT;
      if (c >= chunks.length) {
        chunks = Arrays.copyOf(chunks, chunks.length * 2);
      }
      if (chunks[c] == null) {
        chunks[c] = new double[CHUNK];
      }
      chunks[c][size & MASK] = v;
      size++;
    }

    public int size() {
      return size;
    }

    public double[] toArray() {
      double[] out = new double[size];
      for (int c = 0; c * CHUNK < size; c++) {
        System.arraycopy(chunks[c], 0, out, c * CHUNK, Math.min(CHUNK, size - c * CHUNK));
        chunks[c] = null;
      }
      return out;
    }
  }

  /** Growable byte arena of concatenated strings, each found by its index. */
  public static final class Strings {
    private byte[] bytes = new byte[1 << 12];
    private int used;
    private final Ints offsets = new Ints();

    public Strings() {
      offsets.add(0);
    }

    public void add(byte[] b, int from, int to) {
      int len = to - from;
      if (used + len > bytes.length) {
        long grown = Math.max((long) bytes.length + (bytes.length >> 1), (long) used + len);
        bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Integer.MAX_VALUE - 8));
      }
      System.arraycopy(b, from, bytes, used, len);
      used += len;
      offsets.add(used);
    }

    public int size() {
      return offsets.size() - 1;
    }

    /** The arena trimmed to its content. */
    public byte[] bytes() {
      return Arrays.copyOf(bytes, used);
    }

    /** offsets[i] is where string i starts; offsets[size] is the arena's length. */
    public int[] offsets() {
      return offsets.toArray(offsets.size());
    }
  }
}
