package org.enclave.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 9162 §2.1 definitions transcribed literally, recursion and sublists included: slow and
 * obviously right, the yardstick for the real implementation.
 */
final class NaiveMerkle {

  private NaiveMerkle() {}

  /** MTH(D[n]) over leaf hashes. */
  static byte[] mth(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n == 0) {
      return MerkleHasher.emptyRoot();
    }
    if (n == 1) {
      return leafHashes.get(0);
    }
    int k = largestPowerOfTwoBelow(n);
    return MerkleHasher.nodeHash(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, n)));
  }

  /** PATH(m, D[n]), §2.1.3.1. */
  static List<byte[]> path(int m, List<byte[]> leafHashes) {
    int n = leafHashes.size();
    List<byte[]> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      out.addAll(path(m, leafHashes.subList(0, k)));
      out.add(mth(leafHashes.subList(k, n)));
    } else {
      out.addAll(path(m - k, leafHashes.subList(k, n)));
      out.add(mth(leafHashes.subList(0, k)));
    }
    return out;
  }

  /** PROOF(m, D[n]), §2.1.4.1; empty for m = 0 and m = n. */
  static List<byte[]> proof(int m, List<byte[]> leafHashes) {
    if (m == 0) {
      return List.of();
    }
    return subproof(m, leafHashes, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> leafHashes, boolean b) {
    int n = leafHashes.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(leafHashes));
      }
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      out.addAll(subproof(m, leafHashes.subList(0, k), b));
      out.add(mth(leafHashes.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, leafHashes.subList(k, n), false));
      out.add(mth(leafHashes.subList(0, k)));
    }
    return out;
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }
}
