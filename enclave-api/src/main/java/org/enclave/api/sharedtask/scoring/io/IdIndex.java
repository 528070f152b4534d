package org.enclave.api.sharedtask.scoring.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Ids (UTF-8 byte strings) numbered 0, 1, 2, … in insertion order, found again straight from a byte
 * range without building a {@code String}: an append-only byte arena plus an open-addressing hash
 * table. About 13 bytes per id plus the id's own bytes, against ~70 for a {@code HashMap<String,
 * Integer>}.
 */
public final class IdIndex {

  private byte[] arena = new byte[1 << 12];
  private int arenaSize;
  private int[] offsets = new int[1 << 8]; // offsets[i] = start of id i; offsets[size] = arenaSize
  private int[] hashes = new int[1 << 8];
  private int size;
  private int[] table = new int[1 << 9]; // 0 = empty, else id index + 1

  /** Adds an id; returns its new index, or {@code -(existing + 1)} when it is already there. */
  public int add(byte[] bytes, int from, int to) {
    int hash = hash(bytes, from, to);
    int mask = table.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int entry = table[slot];
      if (entry == 0) {
        int index = append(bytes, from, to, hash);
        table[slot] = index + 1;
        if (size * 2 > table.length) {
          rehash();
        }
        return index;
      }
      if (matches(entry - 1, hash, bytes, from, to)) {
        return -entry;
      }
    }
  }

  public int add(String id) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return add(b, 0, b.length);
  }

  /** The index of the id in {@code bytes[from, to)}, or -1. */
  public int find(byte[] bytes, int from, int to) {
    int hash = hash(bytes, from, to);
    int mask = table.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int entry = table[slot];
      if (entry == 0) {
        return -1;
      }
      if (matches(entry - 1, hash, bytes, from, to)) {
        return entry - 1;
      }
    }
  }

  public int find(String id) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return find(b, 0, b.length);
  }

  public int size() {
    return size;
  }

  /** True when id {@code index} has the bytes of {@code bytes[from, to)}. */
  public boolean equal(int index, byte[] bytes, int from, int to) {
    return Bytes.equal(arena, offsets[index], offsets[index + 1], bytes, from, to);
  }

  public String id(int index) {
    return new String(
        arena, offsets[index], offsets[index + 1] - offsets[index], StandardCharsets.UTF_8);
  }

  /** Compares id {@code a} and id {@code b} as unsigned bytes (the code point order of UTF-8). */
  public int compare(int a, int b) {
    return Bytes.compare(arena, offsets[a], offsets[a + 1], arena, offsets[b], offsets[b + 1]);
  }

  /** Drops the spare capacity once all ids are added. */
  public void trim() {
    arena = Arrays.copyOf(arena, arenaSize);
    offsets = Arrays.copyOf(offsets, size + 1);
    hashes = Arrays.copyOf(hashes, size);
  }

  private boolean matches(int index, int hash, byte[] bytes, int from, int to) {
    return hashes[index] == hash
        && Bytes.equal(arena, offsets[index], offsets[index + 1], bytes, from, to);
  }

  private int append(byte[] bytes, int from, int to, int hash) {
    int len = to - from;
    if (arenaSize + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + len));
    }
    System.arraycopy(bytes, from, arena, arenaSize, len);
    if (size + 2 > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
    }
    offsets[size] = arenaSize;
    hashes[size] = hash;
    arenaSize += len;
    offsets[size + 1] = arenaSize;
    return size++;
  }

  private void rehash() {
    int[] bigger = new int[table.length * 2];
    int mask = bigger.length - 1;
    for (int i = 0; i < size; i++) {
      int slot = hashes[i] & mask;
      while (bigger[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      bigger[slot] = i + 1;
    }
    table = bigger;
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = 0x9E3779B9;
    for (int i = from; i < to; i++) {
      h = 31 * h + bytes[i];
    }
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }
}
