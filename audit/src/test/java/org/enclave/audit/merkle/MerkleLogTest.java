package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.enclave.audit.merkle.ReferenceTree.Consistency;
import org.enclave.audit.merkle.ReferenceTree.Inclusion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerkleLogTest {

  private static final int MAX_SIZE = 70;

  @Test
  void reproducesTheReferenceTree() {
    MerkleLog log = new MerkleLog(new InMemoryNodeStore());
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      leaves.add(ReferenceTree.leafHash(i));
    }
    log.append(leaves);

    for (int size = 1; size <= 8; size++) {
      assertThat(log.root(size)).as("root %d", size).isEqualTo(ReferenceTree.root(size));
      assertThat(NaiveMerkle.mth(leaves.subList(0, size))).isEqualTo(ReferenceTree.root(size));
    }
    for (Inclusion p : ReferenceTree.INCLUSION_PROOFS) {
      List<byte[]> tree = leaves.subList(0, (int) p.size());
      assertThat(log.inclusionProof(p.index(), p.size())).containsExactlyElementsOf(p.proof());
      assertThat(NaiveMerkle.path((int) p.index(), tree)).containsExactlyElementsOf(p.proof());
    }
    for (Consistency p : ReferenceTree.CONSISTENCY_PROOFS) {
      List<byte[]> tree = leaves.subList(0, (int) p.size2());
      assertThat(log.consistencyProof(p.size1(), p.size2())).containsExactlyElementsOf(p.proof());
      assertThat(NaiveMerkle.proof((int) p.size1(), tree)).containsExactlyElementsOf(p.proof());
    }
  }

  @ParameterizedTest(name = "batches from seed {0}")
  @ValueSource(longs = {1, 2})
  void everyRootAndProofMatchesTheDefinitionAndResistsTampering(long seed) throws ProofException {
    Random random = new Random(seed);
    List<byte[]> leaves = randomLeaves(random, MAX_SIZE);
    MerkleLog log = new MerkleLog(new InMemoryNodeStore());
    appendInRandomBatches(log, leaves, random);
    List<String> accepted = new ArrayList<>();

    for (int n = 0; n <= MAX_SIZE; n++) {
      List<byte[]> tree = leaves.subList(0, n);
      byte[] root = NaiveMerkle.mth(tree);
      assertThat(log.root(n)).as("root %d", n).isEqualTo(root);

      for (int i = 0; i < n; i++) {
        List<byte[]> proof = log.inclusionProof(i, n);
        assertThat(proof)
            .as("inclusion %d in %d", i, n)
            .containsExactlyElementsOf(NaiveMerkle.path(i, tree));
        ProofVerifier.verifyInclusion(i, n, leaves.get(i), proof, root);
        assertThat(ProofVerifier.rootFromInclusionProof(i, n, leaves.get(i), proof))
            .isEqualTo(root);
        for (List<byte[]> tampered : everyByteChanged(proof)) {
          if (acceptsInclusion(i, n, leaves.get(i), tampered, root)) {
            accepted.add("inclusion " + i + " in " + n);
          }
        }
      }

      for (int m = 0; m <= n; m++) {
        byte[] firstRoot = NaiveMerkle.mth(leaves.subList(0, m));
        List<byte[]> proof = log.consistencyProof(m, n);
        assertThat(proof)
            .as("consistency %d to %d", m, n)
            .containsExactlyElementsOf(NaiveMerkle.proof(m, tree));
        ProofVerifier.verifyConsistency(m, n, firstRoot, root, proof);
        for (List<byte[]> tampered : everyByteChanged(proof)) {
          if (acceptsConsistency(m, n, firstRoot, root, tampered)) {
            accepted.add("consistency " + m + " to " + n);
          }
        }
      }
    }
    assertThat(accepted).as("tampered proofs accepted").isEmpty();
  }

  @Test
  void storesEveryCompletedSubtreeWhateverTheBatches() {
    Random random = new Random(3);
    List<byte[]> leaves = randomLeaves(random, MAX_SIZE);
    for (int run = 0; run < 5; run++) {
      InMemoryNodeStore store = new InMemoryNodeStore();
      appendInRandomBatches(new MerkleLog(store), leaves, random);
      for (int level = 0; level <= 7; level++) {
        long complete = MAX_SIZE >>> level;
        for (int index = 0; index < complete; index++) {
          int from = index << level;
          byte[] expected = NaiveMerkle.mth(leaves.subList(from, from + (1 << level)));
          assertThat(store.get(level, index)).as("node (%d, %d)", level, index).contains(expected);
        }
        assertThat(store.get(level, complete)).isEmpty();
      }
    }
  }

  @Test
  void appendReportsTheNodesItStoredAndTheNewRoot() {
    MerkleLog log = new MerkleLog(new InMemoryNodeStore());
    List<byte[]> leaves = randomLeaves(new Random(4), 7);
    log.append(leaves.subList(0, 3));

    AppendResult result = log.append(leaves.subList(3, 7));

    assertThat(result.firstIndex()).isEqualTo(3);
    assertThat(result.size()).isEqualTo(7);
    assertThat(result.root()).isEqualTo(NaiveMerkle.mth(leaves));
    assertThat(result.nodes().keySet())
        .containsExactly(
            NodeId.leaf(3),
            new NodeId(1, 1),
            new NodeId(2, 0),
            NodeId.leaf(4),
            NodeId.leaf(5),
            new NodeId(1, 2),
            NodeId.leaf(6));
  }

  @Test
  void emptyLogHasTheEmptyRootAndNoProofs() {
    MerkleLog log = new MerkleLog(new InMemoryNodeStore());
    assertThat(log.size()).isZero();
    assertThat(log.root(0)).isEqualTo(MerkleHasher.emptyRoot());
    assertThat(log.consistencyProof(0, 0)).isEmpty();
    AppendResult nothing = log.append(List.of());
    assertThat(nothing.nodes()).isEmpty();
    assertThat(nothing.root()).isEqualTo(MerkleHasher.emptyRoot());
    assertThatThrownBy(() -> log.inclusionProof(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index 0 is outside the tree of size 0");
  }

  @Test
  void refusesRequestsOutsideTheLog() {
    MerkleLog log = new MerkleLog(new InMemoryNodeStore());
    log.append(randomLeaves(new Random(5), 5));
    assertThatThrownBy(() -> log.root(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size 6 is beyond the log's 5 entries");
    assertThatThrownBy(() -> log.inclusionProof(5, 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(-1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no consistency proof from size 3 to size 2");
    assertThatThrownBy(() -> log.consistencyProof(2, 6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.root(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMalformedLeafHashesBeforeWritingAnything() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    MerkleLog log = new MerkleLog(store);
    List<byte[]> batch = new ArrayList<>(randomLeaves(new Random(6), 2));
    batch.add(new byte[20]);
    assertThatThrownBy(() -> log.append(batch)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.size()).isZero();
  }

  @Test
  void failsLoudlyWhenTheStoreLostANode() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    new MerkleLog(store).append(randomLeaves(new Random(7), 6));
    NodeId lost = new NodeId(2, 0);
    NodeStore forgetful =
        new NodeStore() {
          @Override
          public long size() {
            return store.size();
          }

          @Override
          public Optional<byte[]> get(int level, long index) {
            return lost.equals(new NodeId(level, index))
                ? Optional.empty()
                : store.get(level, index);
          }

          @Override
          public void putAll(Map<NodeId, byte[]> nodes) {
            store.putAll(nodes);
          }
        };
    MerkleLog log = new MerkleLog(forgetful);
    assertThatThrownBy(() -> log.root(6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the node store has no hash for node (2, 0)");
    assertThatThrownBy(() -> log.append(randomLeaves(new Random(8), 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the node store has no hash for node (2, 0)");
  }

  private static boolean acceptsInclusion(
      long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
    try {
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  private static boolean acceptsConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
    try {
      ProofVerifier.verifyConsistency(size1, size2, root1, root2, proof);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  static List<byte[]> randomLeaves(Random random, int count) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] entry = new byte[random.nextInt(40)];
      random.nextBytes(entry);
      leaves.add(MerkleHasher.leafHash(entry));
    }
    return leaves;
  }

  /** Appends in batches of 0 to 9 leaves, checking each batch's result against the definition. */
  private static void appendInRandomBatches(MerkleLog log, List<byte[]> leaves, Random random) {
    int appended = 0;
    while (appended < leaves.size()) {
      int end = Math.min(leaves.size(), appended + random.nextInt(10));
      AppendResult result = log.append(leaves.subList(appended, end));
      assertThat(result.firstIndex()).isEqualTo(appended);
      assertThat(result.size()).isEqualTo(end);
      assertThat(result.root()).isEqualTo(NaiveMerkle.mth(leaves.subList(0, end)));
      appended = end;
    }
  }

  /** One copy of the proof per byte, with that byte changed (a different bit each time). */
  private static List<List<byte[]>> everyByteChanged(List<byte[]> proof) {
    List<List<byte[]>> out = new ArrayList<>();
    for (int element = 0; element < proof.size(); element++) {
      for (int offset = 0; offset < MerkleHasher.HASH_LENGTH; offset++) {
        List<byte[]> copy = new ArrayList<>(proof);
        byte[] changed = proof.get(element).clone();
        changed[offset] ^= (byte) (1 << ((element + offset) % 8));
        copy.set(element, changed);
        out.add(copy);
      }
    }
    return out;
  }
}
