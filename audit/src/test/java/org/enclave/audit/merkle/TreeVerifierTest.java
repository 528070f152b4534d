package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeVerifierTest {

  @Test
  void emptyLogHasTheEmptyRoot() {
    TreeVerifier verifier = new TreeVerifier();
    assertThat(verifier.size()).isZero();
    assertThat(verifier.root()).isEqualTo(MerkleHasher.emptyRoot());
  }

  @Test
  void recomputesTheReferenceTreeRoots() {
    TreeVerifier verifier = new TreeVerifier();
    for (byte[] entry : ReferenceTree.LEAF_DATA) {
      verifier.append(entry);
      assertThat(verifier.root()).isEqualTo(ReferenceTree.root(verifier.size()));
    }
  }

  @Test
  void rootOfEveryPrefixIsTheMerkleTreeHash() {
    Random random = new Random(21);
    TreeVerifier verifier = new TreeVerifier();
    List<byte[]> leafHashes = new ArrayList<>();
    for (int n = 1; n <= 300; n++) {
      byte[] entry = new byte[random.nextInt(100)];
      random.nextBytes(entry);
      leafHashes.add(MerkleHasher.leafHash(entry));
      verifier.append(entry);
      assertThat(verifier.size()).isEqualTo(n);
      assertThat(verifier.root()).as("size %d", n).isEqualTo(NaiveMerkle.mth(leafHashes));
    }
  }

  @Test
  void entryInABufferHashesLikeTheEntryAlone() {
    byte[] buffer = {9, 9, 0x20, 0x21, 9};
    TreeVerifier fromBuffer = new TreeVerifier();
    fromBuffer.append(buffer, 2, 2);
    TreeVerifier fromEntry = new TreeVerifier();
    fromEntry.append(new byte[] {0x20, 0x21});
    TreeVerifier fromHash = new TreeVerifier();
    fromHash.appendLeafHash(MerkleHasher.leafHash(new byte[] {0x20, 0x21}));

    assertThat(fromBuffer.root()).isEqualTo(fromEntry.root()).isEqualTo(fromHash.root());
  }
}
