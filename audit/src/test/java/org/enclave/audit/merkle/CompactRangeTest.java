package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

  @Test
  void edgeHasOneNodePerSetBitOfTheSize() {
    assertThat(CompactRange.edgeIds(0)).isEmpty();
    assertThat(CompactRange.edgeIds(8)).containsExactly(new NodeId(3, 0));
    assertThat(CompactRange.edgeIds(11))
        .containsExactly(new NodeId(3, 0), new NodeId(1, 4), new NodeId(0, 10));
    assertThat(CompactRange.edgeIds(Long.MAX_VALUE)).hasSize(63);
  }

  @Test
  void appendingReportsTheLeafThenEverySubtreeItCompletes() {
    CompactRange range = new CompactRange();
    List<byte[]> leaves = MerkleLogTest.randomLeaves(new Random(31), 8);
    leaves.subList(0, 7).forEach(range::append);
    Map<NodeId, byte[]> completed = new LinkedHashMap<>();

    range.append(leaves.get(7), completed::put);

    assertThat(completed.keySet())
        .containsExactly(NodeId.leaf(7), new NodeId(1, 3), new NodeId(2, 1), new NodeId(3, 0));
    assertThat(completed.get(new NodeId(3, 0))).isEqualTo(NaiveMerkle.mth(leaves));
    assertThat(range.edgeHashes()).containsExactly(NaiveMerkle.mth(leaves));
  }

  @Test
  void aCopyGrowsIndependently() {
    List<byte[]> leaves = MerkleLogTest.randomLeaves(new Random(5), 12);
    CompactRange range = new CompactRange();
    leaves.subList(0, 7).forEach(range::append);
    byte[] rootOfSeven = range.root();

    CompactRange copy = range.copy();
    leaves.subList(7, 12).forEach(copy::append);

    assertThat(range.size()).isEqualTo(7);
    assertThat(range.root())
        .isEqualTo(rootOfSeven)
        .isEqualTo(NaiveMerkle.mth(leaves.subList(0, 7)));
    assertThat(copy.root()).isEqualTo(NaiveMerkle.mth(leaves));
    range.append(leaves.get(7));
    assertThat(range.root()).isEqualTo(NaiveMerkle.mth(leaves.subList(0, 8)));
    assertThat(copy.size()).isEqualTo(12);
  }

  @Test
  void resumesFromItsStoredEdge() {
    List<byte[]> leaves = MerkleLogTest.randomLeaves(new Random(32), 40);
    for (int split = 0; split <= leaves.size(); split++) {
      CompactRange first = new CompactRange();
      leaves.subList(0, split).forEach(first::append);
      CompactRange resumed = CompactRange.of(split, first.edgeHashes());
      leaves.subList(split, leaves.size()).forEach(resumed::append);

      assertThat(resumed.size()).isEqualTo(leaves.size());
      assertThat(resumed.root()).as("split at %d", split).isEqualTo(NaiveMerkle.mth(leaves));
    }
  }

  @Test
  void refusesAnEdgeThatDoesNotFitTheSize() {
    List<byte[]> twoHashes = new ArrayList<>(MerkleLogTest.randomLeaves(new Random(33), 2));
    assertThatThrownBy(() -> CompactRange.of(4, twoHashes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a tree of size 4 has 1 edge hashes, not 2");
    twoHashes.set(1, new byte[3]);
    assertThatThrownBy(() -> CompactRange.of(3, twoHashes))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CompactRange().append(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
