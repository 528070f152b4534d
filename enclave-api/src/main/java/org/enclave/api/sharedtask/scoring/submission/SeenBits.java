package org.enclave.api.sharedtask.scoring.submission;

/**
 * One bit per user or post: seen or not. Kept in pages of 8,192 bits allocated on first use, so
 * that each part of a file read in parallel pays only for the posts it saw, not for all of them.
 */
final class SeenBits {

  private static final int PAGE_SHIFT = 13; // bits per page: 2^13, in 128 longs
  private static final int PAGE_LONGS = 1 << (PAGE_SHIFT - 6);

  private final long[][] pages;

  SeenBits(int size) {
    pages = new long[(size + (1 << PAGE_SHIFT) - 1) >>> PAGE_SHIFT][];
  }

  boolean test(int i) {
    long[] page = pages[i >>> PAGE_SHIFT];
    return page != null && (page[(i >>> 6) & (PAGE_LONGS - 1)] & (1L << i)) != 0;
  }

  void set(int i) {
    long[] page = pages[i >>> PAGE_SHIFT];
    if (page == null) {
      page = pages[i >>> PAGE_SHIFT] = new long[PAGE_LONGS];
    }
    page[(i >>> 6) & (PAGE_LONGS - 1)] |= 1L << i;
  }

  /**
   * Adds the other's bits to these (taking over pages that only it has: it is not to be used
   * afterwards); false when the two had a bit in common.
   */
  boolean union(SeenBits other) {
    long common = 0;
    for (int k = 0; k < pages.length; k++) {
      long[] theirs = other.pages[k];
      if (theirs == null) {
        continue;
      }
      long[] mine = pages[k];
      if (mine == null) {
        pages[k] = theirs;
        continue;
      }
      for (int i = 0; i < PAGE_LONGS; i++) {
        common |= mine[i] & theirs[i];
        mine[i] |= theirs[i];
      }
    }
    return common == 0;
  }
}
