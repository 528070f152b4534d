package org.enclave.audit.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies inclusion and consistency proofs exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe,
 * step for step, so that a proof this class accepts is one any RFC 9162 verifier accepts.
 *
 * <p>Every hash must be exactly {@value MerkleHasher#HASH_LENGTH} bytes. Proofs with elements
 * missing or left over are refused, as are negative sizes, an index outside the tree, and a second
 * tree smaller than the first. Roots are compared in constant time.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * Verifies that the leaf with hash {@code leafHash} sits at {@code index} in the tree of {@code
   * size} entries whose root is {@code root}.
   *
   * @param proof the inclusion path, from the leaf's sibling up to the root's child
   * @throws ProofException if the proof is malformed or leads to another root
   */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws ProofException {
    requireHash(root, "root");
    byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
    if (!MessageDigest.isEqual(computed, root)) {
      throw new ProofException(
          "inclusion proof for index "
              + index
              + " leads to a different root of the tree of size "
              + size);
    }
  }

  /**
   * Computes the root that an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1 to 4, with the
   * length check of step 5). Comparing the result with a signed root is the caller's business.
   *
   * @throws ProofException if the index is outside the tree or the proof has the wrong length
   */
  public static byte[] rootFromInclusionProof(
      long index, long size, byte[] leafHash, List<byte[]> proof) throws ProofException {
    requireHash(leafHash, "leaf hash");
    if (index < 0 || size < 0) {
      throw new ProofException("negative index " + index + " or tree size " + size);
    }
    if (index >= size) {
      throw new ProofException("index " + index + " is outside the tree of size " + size);
    }
    MerkleHasher hasher = MerkleHasher.perThread();
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash.clone();
    for (int i = 0; i < proof.size(); i++) {
      byte[] p = proof.get(i);
      requireProofElement(p, i);
      if (sn == 0) {
        throw new ProofException(
            wrongLength("inclusion", proof.size(), inclusionLength(index, size)));
      }
      if ((fn & 1) == 1 || fn == sn) {
        hasher.hashChildrenInto(p, r, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        hasher.hashChildrenInto(r, p, r);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException(
          wrongLength("inclusion", proof.size(), inclusionLength(index, size)));
    }
    return r;
  }

  /**
   * Verifies that the tree of {@code size2} entries with root {@code root2} extends the tree of
   * {@code size1} entries with root {@code root1} by appending only.
   *
   * <p>Equal sizes need equal roots and an empty proof. The empty tree is consistent with every
   * tree, with an empty proof, but only under its one root, {@link MerkleHasher#emptyRoot()}.
   *
   * @throws ProofException if the proof is malformed or does not link the two roots
   */
  public static void verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws ProofException {
    requireHash(root1, "first root");
    requireHash(root2, "second root");
    if (size1 < 0) {
      throw new ProofException("negative tree size " + size1);
    }
    if (size2 < size1) {
      throw new ProofException(
          "the second tree (size " + size2 + ") is smaller than the first (size " + size1 + ")");
    }
    if (size1 == size2 || size1 == 0) {
      if (!proof.isEmpty()) {
        throw new ProofException(
            "consistency proof from size "
                + size1
                + " to "
                + size2
                + " must be empty, has "
                + proof.size()
                + " elements");
      }
      if (size1 == 0 && !MerkleHasher.isEmptyRoot(root1)) {
        throw new ProofException("the root of the empty tree must be SHA-256 of nothing");
      }
      if (size1 == size2 && !MessageDigest.isEqual(root1, root2)) {
        throw new ProofException("two different roots for the same tree size " + size1);
      }
      return;
    }
    verifyConsistencyPath(size1, size2, root1, root2, proof);
  }

  /** RFC 9162 §2.1.4.2 for {@code 0 < first < second}. */
  private static void verifyConsistencyPath(
      long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> path)
      throws ProofException {
    // 1. An empty path proves nothing.
    if (path.isEmpty()) {
      throw new ProofException("consistency proof from size " + first + " is empty");
    }
    for (int i = 0; i < path.size(); i++) {
      requireProofElement(path.get(i), i);
    }
    // 2. If first is an exact power of 2, first_hash is the path's implicit first element.
    int shift = (first & (first - 1)) == 0 ? 1 : 0;
    int length = path.size() + shift;
    // 3. and 4.
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5.
    byte[] start = shift == 1 ? firstHash : path.get(0);
    byte[] fr = start.clone();
    byte[] sr = start.clone();
    // 6.
    MerkleHasher hasher = MerkleHasher.perThread();
    for (int i = 1; i < length; i++) {
      byte[] c = path.get(i - shift);
      if (sn == 0) {
        throw new ProofException(
            wrongLength("consistency", path.size(), consistencyLength(first, second)));
      }
      if ((fn & 1) == 1 || fn == sn) {
        hasher.hashChildrenInto(c, fr, fr);
        hasher.hashChildrenInto(c, sr, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        hasher.hashChildrenInto(sr, c, sr);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // 7.
    if (sn != 0) {
      throw new ProofException(
          wrongLength("consistency", path.size(), consistencyLength(first, second)));
    }
    if (!MessageDigest.isEqual(fr, firstHash)) {
      throw new ProofException(
          "consistency proof does not lead to the root of the first tree (size " + first + ")");
    }
    if (!MessageDigest.isEqual(sr, secondHash)) {
      throw new ProofException(
          "consistency proof does not lead to the root of the second tree (size " + second + ")");
    }
  }

  private static void requireProofElement(byte[] element, int position) throws ProofException {
    if (element == null || element.length != MerkleHasher.HASH_LENGTH) {
      throw new ProofException(
          "proof element "
              + position
              + " has "
              + (element == null ? "no" : element.length)
              + " bytes, not "
              + MerkleHasher.HASH_LENGTH);
    }
  }

  private static void requireHash(byte[] hash, String what) throws ProofException {
    if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
      throw new ProofException(
          what
              + " has "
              + (hash == null ? "no" : hash.length)
              + " bytes, not "
              + MerkleHasher.HASH_LENGTH);
    }
  }

  private static String wrongLength(String kind, int actual, int expected) {
    return kind + " proof has " + actual + " elements, the tree needs " + expected;
  }

  /** How many elements the loop of §2.1.3.2 step 4 consumes before sn reaches 0. */
  private static int inclusionLength(long index, long size) {
    long fn = index;
    long sn = size - 1;
    int length = 0;
    while (sn != 0) {
      if ((fn & 1) == 1 || fn == sn) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
      fn >>>= 1;
      sn >>>= 1;
      length++;
    }
    return length;
  }

  /** How many elements §2.1.4.2 consumes for {@code 0 < first < second}, without first_hash. */
  private static int consistencyLength(long first, long second) {
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    int length = (first & (first - 1)) == 0 ? 0 : 1;
    while (sn != 0) {
      if ((fn & 1) == 1 || fn == sn) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
      fn >>>= 1;
      sn >>>= 1;
      length++;
    }
    return length;
  }
}
