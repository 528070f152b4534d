package org.enclave.api.sharedtask.scoring.io;

import java.nio.charset.StandardCharsets;
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

  /**
   * Byte strings, each found by its index, in arenas of 256 KiB that no string straddles: growing
   * never copies (a single growing arena left three times its size in garbage behind it), and no
   * arena is large enough to take a humongous region of its own.
   */
  public static final class Strings {
    private static final int ARENA_SHIFT = 18;
    private static final int ARENA = 1 << ARENA_SHIFT;

    private byte[][] arenas = new byte[1][];
    private int[] arenaEnds = new int[1]; // where the strings of each full arena end
    private int used; // position of the next free byte: arena << ARENA_SHIFT | offset
    private final Ints starts = new Ints(); // position of each string

    /** Adds a string of at most 256 KiB. */
    public void add(byte[] b, int from, int to) {
      int len = to - from;
      if (len > ARENA) {
        throw new IllegalArgumentException("strings are at most " + ARENA + " bytes");
      }
      int arena = used >>> ARENA_SHIFT;
      if ((used & (ARENA - 1)) + len > ARENA) { // not room enough: on to the next arena
        arenaEnds[arena] = used;
        arena++;
        used = arena << ARENA_SHIFT;
      }
      if (arena >= arenas.length) {
        arenas = Arrays.copyOf(arenas, arenas.length * 2);
        arenaEnds = Arrays.copyOf(arenaEnds, arenas.length);
      }
      if (arenas[arena] == null) {
        arenas[arena] = new byte[ARENA];
      }
      System.arraycopy(b, from, arenas[arena], used & (ARENA - 1), len);
      starts.add(used);
      used += len;
      if (len > 0 && (used & (ARENA - 1)) == 0) {
        arenaEnds[arena] = used; // exactly full: the next string starts in the next arena
      }
    }

    public int size() {
      return starts.size();
    }

    /** Trims the last arena to its content. */
    public void trim() {
      int arena = used >>> ARENA_SHIFT;
      if (arena < arenas.length && arenas[arena] != null) {
        arenas[arena] = Arrays.copyOf(arenas[arena], used & (ARENA - 1));
      }
    }

    /** String i, decoded from UTF-8. */
    public String string(int i) {
      int start = starts.get(i);
      return new String(
          arenas[start >>> ARENA_SHIFT],
          start & (ARENA - 1),
          end(i) - start,
          StandardCharsets.UTF_8);
    }

    public int compare(int a, int b) {
      int sa = starts.get(a);
      int sb = starts.get(b);
      byte[] x = arenas[sa >>> ARENA_SHIFT];
      byte[] y = arenas[sb >>> ARENA_SHIFT];
      int fa = sa & (ARENA - 1);
      int fb = sb & (ARENA - 1);
      return Bytes.compare(x, fa, fa + end(a) - sa, y, fb, fb + end(b) - sb);
    }

    /** True when string i has the bytes of {@code other[from, to)}. */
    public boolean equal(int i, byte[] other, int from, int to) {
      int start = starts.get(i);
      int len = end(i) - start;
      if (len != to - from) {
        return false;
      }
      byte[] arena = arenas[start >>> ARENA_SHIFT];
      int f = start & (ARENA - 1);
      for (int k = 0; k < len; k++) { // ids are short: a plain loop
        if (arena[f + k] != other[from + k]) {
          return false;
        }
      }
      return true;
    }

    /** Compares string i with {@code other[from, to)}, bytes unsigned. */
    public int compare(int i, byte[] other, int from, int to) {
      int start = starts.get(i);
      int f = start & (ARENA - 1);
      return Bytes.compare(arenas[start >>> ARENA_SHIFT], f, f + end(i) - start, other, from, to);
    }

    /** The position just past string i: where the next one starts, if in the same arena. */
    private int end(int i) {
      if (i + 1 == starts.size()) {
        return used;
      }
      int next = starts.get(i + 1);
      // The next string starts in this string's arena, unless at the start of the next arena.
      return (next & (ARENA - 1)) != 0 || next == starts.get(i)
          ? next
          : arenaEnds[(next >>> ARENA_SHIFT) - 1];
    }
  }
}
