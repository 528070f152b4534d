package org.enclave.api.sharedtask.scoring.io;

import java.util.Arrays;

/**
 * Large primitive arrays in chunks of 2^20 elements. Growing never copies what is there, and no
 * single allocation is larger than 8 MiB, so tens of millions of posts fit in a 1 GiB heap without
 * needing twice their memory while growing or one huge contiguous block.
 */
public final class ChunkedArrays {

  static final int SHIFT = 15;
  static final int CHUNK = 1 << SHIFT;
  static final int MASK = CHUNK - 1;

  private ChunkedArrays() {}

  /** A chunked {@code int[]}; new elements are 0. */
  public static final class Ints {
    private int[][] chunks = new int[1][];
    private int size;

    public Ints() {}

    /** An array of {@code size} zeros. */
    public Ints(int size) {
      if (size > 0) {
        set(size - 1, 0);
      }
    }

    public void add(int v) {
      set(size, v);
    }

    /** Sets element i, growing the array when i is past the end. */
    public void set(int i, int v) {
      int c = i >>> SHIFT;
      if (c >= chunks.length || chunks[c] == null) {
        grow(c);
      }
      chunks[c][i & MASK] = v;
      if (i >= size) {
        size = i + 1;
      }
    }

    public int get(int i) {
      return chunks[i >>> SHIFT][i & MASK];
    }

    public int size() {
      return size;
    }

    private void grow(int c) {
      if (c >= chunks.length) {
        chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, c + 1));
      }
      for (int k = 0; k <= c; k++) {
        if (chunks[k] == null) {
          chunks[k] = new int[CHUNK];
        }
      }
    }
  }

  /** A chunked {@code double[]}; new elements are 0. */
  public static final class Doubles {
    private double[][] chunks = new double[1][];
    private int size;

    public Doubles() {}

    /** An array of {@code size} zeros. */
    public Doubles(int size) {
      if (size > 0) {
        set(size - 1, 0);
      }
    }

    /** A chunked copy of {@code values}. */
    public static Doubles of(double... values) {
      Doubles d = new Doubles(values.length);
      for (int i = 0; i < values.length; i++) {
        d.set(i, values[i]);
      }
      return d;
    }

    public void add(double v) {
      set(size, v);
    }

    public void set(int i, double v) {
      int c = i >>> SHIFT;
      if (c >= chunks.length || chunks[c] == null) {
        grow(c);
      }
      chunks[c][i & MASK] = v;
      if (i >= size) {
        size = i + 1;
      }
    }

    public double get(int i) {
      return chunks[i >>> SHIFT][i & MASK];
    }

    public int size() {
      return size;
    }

    private void grow(int c) {
      if (c >= chunks.length) {
        chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, c + 1));
      }
      for (int k = 0; k <= c; k++) {
        if (chunks[k] == null) {
          chunks[k] = new double[CHUNK];
        }
      }
    }
  }

  /** Concatenated byte strings, each found by its index. */
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

    /** Trims the arena to its content. */
    public void trim() {
      bytes = Arrays.copyOf(bytes, used);
    }

    /** The arena; string i is {@code bytes()[start(i) .. start(i + 1))}. */
    public byte[] bytes() {
      return bytes;
    }

    public int start(int i) {
      return offsets.get(i);
    }

    public int compare(int a, int b) {
      return Bytes.compare(bytes, start(a), start(a + 1), bytes, start(b), start(b + 1));
    }

    /** True when string i has the bytes of {@code other[from, to)}. */
    public boolean equal(int i, byte[] other, int from, int to) {
      return Bytes.equal(bytes, start(i), start(i + 1), other, from, to);
    }

    /** Compares string i with {@code other[from, to)}, bytes unsigned. */
    public int compare(int i, byte[] other, int from, int to) {
      return Bytes.compare(bytes, start(i), start(i + 1), other, from, to);
    }
  }
}
