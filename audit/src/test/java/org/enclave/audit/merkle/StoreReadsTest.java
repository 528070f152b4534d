package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roots, proofs and appends read O(log n) nodes from the store, in one batch: the property that
 * keeps them cheap at millions of entries and one round trip on PostgreSQL.
 */
class StoreReadsTest {

  /** 2^17 - 1 + 2^16 + 3: sizes below it have up to 17 set bits, the worst case for edges. */
  private static final int LEAVES = (1 << 17) - 1 + (1 << 16) + 3;

  private static final CountingNodeStore store = new CountingNodeStore(new InMemoryNodeStore());
  private static final MerkleLog log = new MerkleLog(store);
  private static final List<byte[]> leaves = new ArrayList<>();

  @BeforeAll
  static void fillLog() {
    Random random = new Random(11);
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < LEAVES; i++) {
      byte[] entry = new byte[8];
      random.nextBytes(entry);
      byte[] leaf = MerkleHasher.leafHash(entry);
      leaves.add(leaf);
      batch.add(leaf);
      if (batch.size() == 1 + random.nextInt(2000) || i == LEAVES - 1) {
        store.reset();
        log.append(batch);
        assertThat(store.getAllCalls).isLessThanOrEqualTo(1);
        assertThat(store.nodesRead).isLessThanOrEqualTo(Long.bitCount(i + 1 - batch.size()));
        assertThat(store.putAllCalls).isEqualTo(1);
        batch.clear();
      }
    }
  }

  @Test
  void rootReadsOneNodePerSetBitOfTheSize() {
    for (long size : interestingSizes()) {
      store.reset();
      log.root(size);
      assertThat(store.nodesRead).as("size %d", size).isEqualTo(Long.bitCount(size));
      assertThat(store.getAllCalls).isEqualTo(1);
      assertThat(store.gets).isZero();
    }
  }

  @Test
  void inclusionProofReadsAtMostTwiceTheTreeHeightInOneBatch() throws ProofException {
    Random random = new Random(12);
    int mostRead = 0;
    for (long size : interestingSizes()) {
      for (int probe = 0; probe < 40; probe++) {
        long index = probe < 2 ? probe * (size - 1) : (long) (random.nextDouble() * size);
        store.reset();
        List<byte[]> proof = log.inclusionProof(index, size);
        assertThat(store.nodesRead)
            .as("index %d in %d", index, size)
            .isLessThanOrEqualTo(2 * height(size));
        assertThat(store.getAllCalls).isEqualTo(size == 1 ? 0 : 1);
        assertThat(store.gets).isZero();
        mostRead = Math.max(mostRead, store.nodesRead);
        ProofVerifier.verifyInclusion(index, size, leaves.get((int) index), proof, log.root(size));
      }
    }
    assertThat(mostRead).isGreaterThan(height(LEAVES));
  }

  @Test
  void consistencyProofReadsAtMostTwiceTheTreeHeightInOneBatch() throws ProofException {
    Random random = new Random(13);
    for (long size2 : interestingSizes()) {
      for (int probe = 0; probe < 40; probe++) {
        long size1 = probe < 2 ? probe * size2 : 1 + (long) (random.nextDouble() * size2);
        store.reset();
        List<byte[]> proof = log.consistencyProof(size1, size2);
        assertThat(store.nodesRead)
            .as("%d to %d", size1, size2)
            .isLessThanOrEqualTo(2 * height(size2));
        assertThat(store.getAllCalls).isLessThanOrEqualTo(1);
        assertThat(store.gets).isZero();
        ProofVerifier.verifyConsistency(size1, size2, log.root(size1), log.root(size2), proof);
      }
    }
  }

  /** Sizes around powers of two, where subtrees complete, plus the whole log. */
  private static List<Long> interestingSizes() {
    List<Long> sizes = new ArrayList<>();
    for (int bit = 0; (1L << bit) <= LEAVES; bit++) {
      for (long delta = -1; delta <= 1; delta++) {
        long size = (1L << bit) + delta;
        if (size >= 1 && size <= LEAVES && !sizes.contains(size)) {
          sizes.add(size);
        }
      }
    }
    sizes.add((1L << 17) - 1);
    sizes.add((long) LEAVES);
    return sizes;
  }

  /** Height of the tree of {@code size} leaves: ceil(log2(size)). */
  private static int height(long size) {
    return 64 - Long.numberOfLeadingZeros(size - 1);
  }
}
