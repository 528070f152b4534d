package org.enclave.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryNodeStoreTest {

  private final InMemoryNodeStore store = new InMemoryNodeStore();

  @Test
  void storesLeavesAndCompletedNodes() {
    store.putAll(
        nodes(NodeId.leaf(0), hash(1), NodeId.leaf(1), hash(2), new NodeId(1, 0), hash(3)));
    store.putAll(nodes(NodeId.leaf(2), hash(4)));

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.get(0, 2)).contains(hash(4));
    assertThat(store.get(1, 0)).contains(hash(3));
    assertThat(store.get(1, 1)).isEmpty();
    assertThat(store.get(5, 0)).isEmpty();
    assertThat(store.getAll(List.of(new NodeId(1, 0), new NodeId(1, 1), NodeId.leaf(0))))
        .containsOnlyKeys(new NodeId(1, 0), NodeId.leaf(0));
  }

  @Test
  void emptyStoreHasSizeZero() {
    assertThat(store.size()).isZero();
    assertThat(store.get(0, 0)).isEmpty();
    store.putAll(Map.of());
    assertThat(store.size()).isZero();
  }

  @Test
  void callersCannotChangeStoredHashes() {
    byte[] original = hash(1);
    byte[] given = original.clone();
    store.putAll(nodes(NodeId.leaf(0), given));
    given[0] ^= 1;
    store.get(0, 0).orElseThrow()[1] ^= 1;
    assertThat(store.get(0, 0)).contains(original);
  }

  @Test
  void refusesToOverwriteANode() {
    store.putAll(nodes(NodeId.leaf(0), hash(1)));
    assertThatThrownBy(() -> store.putAll(nodes(NodeId.leaf(0), hash(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("node (0, 0) is already stored; the log is append-only");
  }

  @Test
  void refusesAGapInALevel() {
    assertThatThrownBy(() -> store.putAll(nodes(NodeId.leaf(1), hash(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node (0, 1) would leave a gap: level 0 has 0 nodes");
  }

  @Test
  void refusesANodeWhoseSubtreeIsIncomplete() {
    assertThatThrownBy(
            () -> store.putAll(nodes(NodeId.leaf(0), hash(1), new NodeId(1, 0), hash(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node (1, 0) is not complete in a tree of 1 leaves");
  }

  @Test
  void refusesAHashOfTheWrongLength() {
    assertThatThrownBy(() -> store.putAll(nodes(NodeId.leaf(0), new byte[31])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node (0, 0) needs a 32-byte hash");
  }

  @Test
  void refusedBatchWritesNothing() {
    Map<NodeId, byte[]> batch = nodes(NodeId.leaf(0), hash(1), NodeId.leaf(1), hash(2));
    batch.put(new NodeId(1, 1), hash(3));
    assertThatThrownBy(() -> store.putAll(batch)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.size()).isZero();
    assertThat(store.get(0, 0)).isEmpty();
  }

  @Test
  void keepsLevelsLongerThanOneChunk() {
    int leaves = 10_000;
    Map<NodeId, byte[]> batch = new LinkedHashMap<>();
    for (int i = 0; i < leaves; i++) {
      batch.put(NodeId.leaf(i), hash(i));
    }
    store.putAll(batch);
    assertThat(store.size()).isEqualTo(leaves);
    for (int i = 0; i < leaves; i += 997) {
      assertThat(store.get(0, i)).contains(hash(i));
    }
    assertThat(store.get(0, leaves - 1)).contains(hash(leaves - 1));
  }

  @Test
  void nodeIdsCoverTheirLeaves() {
    NodeId id = new NodeId(3, 5);
    assertThat(id.firstLeaf()).isEqualTo(40);
    assertThat(id.endLeaf()).isEqualTo(48);
    assertThat(new NodeId(NodeId.MAX_LEVEL, 0).endLeaf()).isEqualTo(1L << 62);
    assertThatThrownBy(() -> new NodeId(63, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(62, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] hash(int seed) {
    return MerkleHasher.leafHash(new byte[] {(byte) seed, (byte) (seed >> 8), (byte) (seed >> 16)});
  }

  private static Map<NodeId, byte[]> nodes(Object... idsAndHashes) {
    Map<NodeId, byte[]> out = new LinkedHashMap<>();
    for (int i = 0; i < idsAndHashes.length; i += 2) {
      out.put((NodeId) idsAndHashes[i], (byte[]) idsAndHashes[i + 1]);
    }
    return out;
  }
}
