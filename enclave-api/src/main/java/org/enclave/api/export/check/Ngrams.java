package org.enclave.api.export.check;

/**
 * Fingerprints of every run of {@code n} consecutive words: a polynomial rolling hash over the
 * words' own hashes (so each window costs one multiply-add, not {@code n}), finalized by {@link
 * Words#mix}. Two texts share a fingerprint when they share the {@code n} folded words, and, with
 * 64 bits, almost never otherwise; the index confirms each match on the words themselves.
 */
public final class Ngrams {
  private static final long BASE = 0x9e3779b97f4a7c15L;

  private final int n;
  private final long top; // BASE^(n-1), what the word leaving the window weighs

  public Ngrams(int n) {
    if (n < 2 || n > 64) {
      throw new IllegalArgumentException("an n-gram has 2 to 64 words, not " + n);
    }
    this.n = n;
    long p = 1;
    for (int i = 1; i < n; i++) {
      p *= BASE;
    }
    this.top = p;
  }

  public int n() {
    return n;
  }

  /** Fingerprints of the windows of {@code words}: element {@code i} starts at word {@code i}. */
  public long[] of(Words words) {
    int count = words.size() - n + 1;
    if (count <= 0) {
      return new long[0];
    }
    long[] out = new long[count];
    long h = 0;
    for (int i = 0; i < n; i++) {
      h = h * BASE + words.hash(i);
    }
    out[0] = Words.mix(h ^ n);
    for (int i = 1; i < count; i++) {
      h = (h - words.hash(i - 1) * top) * BASE + words.hash(i + n - 1);
      out[i] = Words.mix(h ^ n);
    }
    return out;
  }
}
