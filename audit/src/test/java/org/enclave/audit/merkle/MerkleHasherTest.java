package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerkleHasherTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyTreeRootIsSha256OfNothing() {
    assertThat(HEX.formatHex(MerkleHasher.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(MerkleHasher.isEmptyRoot(MerkleHasher.emptyRoot())).isTrue();
  }

  @Test
  void emptyRootCannotBeChangedThroughAReturnedArray() {
    MerkleHasher.emptyRoot()[0] ^= 1;
    assertThat(MerkleHasher.isEmptyRoot(MerkleHasher.emptyRoot())).isTrue();
  }

  @Test
  void leafHashPrefixesZeroByte() {
    // The root of the one-entry reference tree (leaf ""), from transparency-dev/merkle.
    assertThat(HEX.formatHex(MerkleHasher.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  @Test
  void nodeHashPrefixesOneByte() {
    byte[] left = MerkleHasher.leafHash(new byte[0]);
    byte[] right = MerkleHasher.leafHash(new byte[] {0});
    // The root of the two-entry reference tree (leaves "" and 00).
    assertThat(HEX.formatHex(MerkleHasher.nodeHash(left, right)))
        .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
  }

  @Test
  void writesIntoAnInputArray() {
    MerkleHasher hasher = new MerkleHasher();
    byte[] left = hasher.hashLeaf(new byte[0]);
    byte[] right = hasher.hashLeaf(new byte[] {0});
    byte[] expected = hasher.hashChildren(left, right);

    byte[] leftCopy = left.clone();
    hasher.hashChildrenInto(leftCopy, right, leftCopy);
    byte[] rightCopy = right.clone();
    hasher.hashChildrenInto(left, rightCopy, rightCopy);

    assertThat(leftCopy).isEqualTo(expected);
    assertThat(rightCopy).isEqualTo(expected);
  }

  @Test
  void hashesASliceOfLeafData() {
    MerkleHasher hasher = new MerkleHasher();
    byte[] out = new byte[MerkleHasher.HASH_LENGTH];
    hasher.hashLeafInto(new byte[] {7, 0x20, 0x21, 7}, 1, 2, out);
    assertThat(out).isEqualTo(hasher.hashLeaf(new byte[] {0x20, 0x21}));
  }

  @Test
  void refusesShortOutputAndStaysUsable() {
    MerkleHasher hasher = new MerkleHasher();
    byte[] leaf = hasher.hashLeaf(new byte[0]);
    assertThatThrownBy(() -> hasher.hashChildrenInto(leaf, leaf, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(hasher.hashLeaf(new byte[0])).isEqualTo(leaf);
  }
}
