package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.enclave.audit.merkle.ReferenceTree.SOME_HASH;
import static org.enclave.audit.merkle.ReferenceTree.leafHash;
import static org.enclave.audit.merkle.ReferenceTree.root;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.enclave.audit.merkle.ReferenceTree.Consistency;
import org.enclave.audit.merkle.ReferenceTree.Inclusion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers and tampering cases of transparency-dev/merkle's {@code proof/verify_test.go}. */
class ProofVerifierTest {

  private static final byte[] EMPTY_ROOT = MerkleHasher.emptyRoot();

  static Stream<Inclusion> inclusionProofs() {
    return ReferenceTree.INCLUSION_PROOFS.stream();
  }

  static Stream<Consistency> consistencyProofs() {
    return ReferenceTree.CONSISTENCY_PROOFS.stream();
  }

  @Test
  void referenceTreeRootsAreTheMerkleTreeHashes() {
    for (int size = 1; size <= 8; size++) {
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        leaves.add(leafHash(i));
      }
      assertThat(NaiveMerkle.mth(leaves)).as("root of size %d", size).isEqualTo(root(size));
    }
  }

  @ParameterizedTest
  @MethodSource("inclusionProofs")
  void acceptsKnownInclusionProof(Inclusion p) throws ProofException {
    byte[] leaf = leafHash(p.index());
    assertThat(ProofVerifier.rootFromInclusionProof(p.index(), p.size(), leaf, p.proof()))
        .isEqualTo(root(p.size()));
    ProofVerifier.verifyInclusion(p.index(), p.size(), leaf, p.proof(), root(p.size()));
  }

  @ParameterizedTest
  @MethodSource("inclusionProofs")
  void refusesTamperedInclusionProof(Inclusion p) {
    long i = p.index();
    long n = p.size();
    byte[] leaf = leafHash(i);
    byte[] root = root(n);
    List<byte[]> proof = p.proof();
    List<InclusionProbe> probes = new ArrayList<>();
    probes.add(new InclusionProbe("index - 1", i - 1, n, leaf, proof, root));
    probes.add(new InclusionProbe("index + 1", i + 1, n, leaf, proof, root));
    probes.add(new InclusionProbe("index ^ 2", i ^ 2, n, leaf, proof, root));
    probes.add(new InclusionProbe("size * 2", i, n * 2, leaf, proof, root));
    probes.add(new InclusionProbe("size / 2", i, n / 2, leaf, proof, root));
    probes.add(new InclusionProbe("wrong leaf", i, n, utf8("WrongLeaf"), proof, root));
    probes.add(new InclusionProbe("other leaf", i, n, SOME_HASH, proof, root));
    probes.add(new InclusionProbe("empty root", i, n, leaf, proof, EMPTY_ROOT));
    probes.add(new InclusionProbe("random root", i, n, leaf, proof, SOME_HASH));
    probes.add(
        new InclusionProbe("trailing garbage", i, n, leaf, append(proof, new byte[0]), root));
    probes.add(new InclusionProbe("trailing root", i, n, leaf, append(proof, root), root));
    probes.add(
        new InclusionProbe("preceding garbage", i, n, leaf, prepend(new byte[0], proof), root));
    probes.add(new InclusionProbe("preceding root", i, n, leaf, prepend(root, proof), root));
    for (int k = 0; k < proof.size(); k++) {
      probes.add(
          new InclusionProbe("proof[" + k + "] bit 3", i, n, leaf, flip(proof, k, 0, 8), root));
    }
    if (!proof.isEmpty()) {
      probes.add(
          new InclusionProbe(
              "removed element", i, n, leaf, proof.subList(0, proof.size() - 1), root));
    }
    if (proof.size() > 1) {
      List<byte[]> inserted = new ArrayList<>(proof);
      inserted.add(1, SOME_HASH);
      probes.add(new InclusionProbe("inserted element", i, n, leaf, inserted, root));
    }
    for (InclusionProbe probe : probes) {
      assertThatThrownBy(
              () ->
                  ProofVerifier.verifyInclusion(
                      probe.index, probe.size, probe.leaf, probe.proof, probe.root))
          .as(probe.name)
          .isInstanceOf(ProofException.class);
    }
  }

  @Test
  void singleEntryTreeHasEmptyInclusionProof() throws ProofException {
    byte[] hash = MerkleHasher.leafHash(utf8("data"));
    ProofVerifier.verifyInclusion(0, 1, hash, List.of(), hash);
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, hash, List.of(), new byte[0]))
        .isInstanceOf(ProofException.class)
        .hasMessage("root has 0 bytes, not 32");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, new byte[0], List.of(), hash))
        .isInstanceOf(ProofException.class)
        .hasMessage("leaf hash has 0 bytes, not 32");
  }

  @Test
  void refusesInclusionInEmptyOrTooSmallTree() {
    long[][] indexAndSize = {{0, 0}, {1, 0}, {2, 1}, {1, 1}};
    for (long[] p : indexAndSize) {
      assertThatThrownBy(
              () -> ProofVerifier.verifyInclusion(p[0], p[1], SOME_HASH, List.of(), EMPTY_ROOT))
          .isInstanceOf(ProofException.class)
          .hasMessage("index " + p[0] + " is outside the tree of size " + p[1]);
    }
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, SOME_HASH, List.of(), EMPTY_ROOT))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("different root");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(-1, 1, SOME_HASH, List.of(), SOME_HASH))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void namesTheExpectedProofLength() {
    Inclusion p = ReferenceTree.INCLUSION_PROOFS.get(2);
    byte[] leaf = leafHash(p.index());
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyInclusion(
                    p.index(), p.size(), leaf, p.proof().subList(0, 2), root(p.size())))
        .hasMessage("inclusion proof has 2 elements, the tree needs 3");
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyInclusion(
                    p.index(), p.size(), leaf, append(p.proof(), SOME_HASH), root(p.size())))
        .hasMessage("inclusion proof has 4 elements, the tree needs 3");
    Consistency c = ReferenceTree.CONSISTENCY_PROOFS.get(2);
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyConsistency(
                    c.size1(),
                    c.size2(),
                    root(c.size1()),
                    root(c.size2()),
                    c.proof().subList(0, 1)))
        .hasMessage("consistency proof has 1 elements, the tree needs 3");
  }

  @ParameterizedTest
  @MethodSource("consistencyProofs")
  void acceptsKnownConsistencyProof(Consistency p) throws ProofException {
    ProofVerifier.verifyConsistency(
        p.size1(), p.size2(), root(p.size1()), root(p.size2()), p.proof());
  }

  @ParameterizedTest
  @MethodSource("consistencyProofs")
  void refusesTamperedConsistencyProof(Consistency p) {
    List<byte[]> proof = p.proof();
    if (proof.isEmpty()) {
      return;
    }
    long m = p.size1();
    long n = p.size2();
    byte[] r1 = root(m);
    byte[] r2 = root(n);
    byte[] wrongRoot = padded(utf8("WrongRoot"));
    List<ConsistencyProbe> probes = new ArrayList<>();
    probes.add(new ConsistencyProbe("size1 - 1", m - 1, n, r1, r2, proof));
    probes.add(new ConsistencyProbe("size1 + 1", m + 1, n, r1, r2, proof));
    probes.add(new ConsistencyProbe("size1 ^ 2", m ^ 2, n, r1, r2, proof));
    probes.add(new ConsistencyProbe("size2 * 2", m, n * 2, r1, r2, proof));
    probes.add(new ConsistencyProbe("size2 / 2", m, n / 2, r1, r2, proof));
    probes.add(new ConsistencyProbe("wrong root1", m, n, wrongRoot, r2, proof));
    probes.add(new ConsistencyProbe("wrong root2", m, n, r1, wrongRoot, proof));
    probes.add(new ConsistencyProbe("short root1", m, n, utf8("WrongRoot"), r2, proof));
    probes.add(new ConsistencyProbe("swapped roots", m, n, r2, r1, proof));
    probes.add(new ConsistencyProbe("empty proof", m, n, r1, r2, List.of()));
    probes.add(new ConsistencyProbe("trailing garbage", m, n, r1, r2, append(proof, new byte[0])));
    probes.add(new ConsistencyProbe("trailing root1", m, n, r1, r2, append(proof, r1)));
    probes.add(new ConsistencyProbe("trailing root2", m, n, r1, r2, append(proof, r2)));
    probes.add(
        new ConsistencyProbe("preceding garbage", m, n, r1, r2, prepend(new byte[0], proof)));
    probes.add(new ConsistencyProbe("preceding root1", m, n, r1, r2, prepend(r1, proof)));
    probes.add(new ConsistencyProbe("preceding root2", m, n, r1, r2, prepend(r2, proof)));
    probes.add(
        new ConsistencyProbe("preceding proof[0]", m, n, r1, r2, prepend(proof.get(0), proof)));
    probes.add(
        new ConsistencyProbe("truncated proof", m, n, r1, r2, proof.subList(0, proof.size() - 1)));
    for (int k = 0; k < proof.size(); k++) {
      probes.add(
          new ConsistencyProbe("proof[" + k + "] bit 4", m, n, r1, r2, flip(proof, k, 0, 16)));
    }
    for (ConsistencyProbe probe : probes) {
      assertThatThrownBy(
              () ->
                  ProofVerifier.verifyConsistency(
                      probe.size1, probe.size2, probe.root1, probe.root2, probe.proof))
          .as(probe.name)
          .isInstanceOf(ProofException.class);
    }
  }

  @Test
  void treesOfEqualSizeAreConsistentOnlyWithEqualRootsAndNoProof() {
    byte[] a = root(1);
    byte[] b = root(2);
    assertThatCode(() -> ProofVerifier.verifyConsistency(1, 1, a, a, List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, a, b, List.of()))
        .hasMessage("two different roots for the same tree size 1");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, a, a, List.of(EMPTY_ROOT)))
        .hasMessage("consistency proof from size 1 to 1 must be empty, has 1 elements");
  }

  /**
   * The empty tree precedes every tree, with an empty proof. Stricter than verify_test.go, which
   * lets any bytes stand for the empty tree's root: here only SHA-256 of nothing does.
   */
  @Test
  void emptyTreeIsConsistentWithEveryTreeUnderItsOneRoot() {
    assertThatCode(() -> ProofVerifier.verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, List.of()))
        .doesNotThrowAnyException();
    assertThatCode(() -> ProofVerifier.verifyConsistency(0, 1, EMPTY_ROOT, root(1), List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 1, SOME_HASH, root(1), List.of()))
        .hasMessage("the root of the empty tree must be SHA-256 of nothing");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 0, SOME_HASH, SOME_HASH, List.of()))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 0, EMPTY_ROOT, root(1), List.of()))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, List.of(EMPTY_ROOT)))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(0, 1, EMPTY_ROOT, root(1), List.of(EMPTY_ROOT)))
        .isInstanceOf(ProofException.class);
  }

  @Test
  void refusesTimeTravel() {
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 0, root(1), EMPTY_ROOT, List.of()))
        .hasMessage("the second tree (size 0) is smaller than the first (size 1)");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(2, 1, root(2), root(1), List.of()))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(-1, 1, root(1), root(1), List.of()))
        .hasMessage("negative tree size -1");
  }

  @Test
  void refusesEmptyProofBetweenDifferentSizes() {
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 2, root(1), root(2), List.of()))
        .hasMessage("consistency proof from size 1 is empty");
  }

  @Test
  void refusesNullProofElement() {
    List<byte[]> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 2, root(1), root(2), withNull))
        .hasMessage("proof element 0 has no bytes, not 32");
  }

  private record InclusionProbe(
      String name, long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {}

  private record ConsistencyProbe(
      String name, long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {}

  /** Pads bytes to a well-formed hash, so that a probe fails on content, not on length. */
  private static byte[] padded(byte[] bytes) {
    return Arrays.copyOf(bytes, MerkleHasher.HASH_LENGTH);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> append(List<byte[]> proof, byte[] extra) {
    List<byte[]> out = new ArrayList<>(proof);
    out.add(extra);
    return out;
  }

  private static List<byte[]> prepend(byte[] extra, List<byte[]> proof) {
    List<byte[]> out = new ArrayList<>();
    out.add(extra);
    out.addAll(proof);
    return out;
  }

  private static List<byte[]> flip(List<byte[]> proof, int element, int offset, int mask) {
    List<byte[]> out = new ArrayList<>(proof);
    byte[] changed = proof.get(element).clone();
    changed[offset] ^= (byte) mask;
    out.set(element, changed);
    return out;
  }
}
