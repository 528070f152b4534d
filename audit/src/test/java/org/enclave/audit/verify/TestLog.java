package org.enclave.audit.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.merkle.CompactRange;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.NodeId;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;

/**
 * A log built in memory as a dump holds it: entries with leaf hashes, every stored subtree hash,
 * and checkpoints signed at chosen sizes. The lists are mutable, so tests can tamper with them.
 */
final class TestLog {

  static final String ORIGIN = "enclave.test/audit";
  static final NoteSigner SIGNER = NoteSigner.generate(ORIGIN, new SecureRandom());

  final List<DumpRecord.Entry> entries = new ArrayList<>();
  final List<DumpRecord.Node> nodes = new ArrayList<>();
  final List<DumpRecord.SignedCheckpoint> checkpoints = new ArrayList<>();

  /** A log of {@code size} entries with checkpoints at {@code checkpointSizes}. */
  static TestLog of(int size, long... checkpointSizes) {
    TestLog log = new TestLog();
    CompactRange range = new CompactRange();
    List<Long> signAt = Arrays.stream(checkpointSizes).boxed().toList();
    if (signAt.contains(0L)) {
      log.sign(0, range.root());
    }
    for (int i = 0; i < size; i++) {
      byte[] data = data(i);
      byte[] leaf = MerkleHasher.leafHash(data);
      log.entries.add(new DumpRecord.Entry(i, data, leaf));
      range.append(
          leaf,
          (id, hash) -> {
            if (id.level() > 0) {
              log.nodes.add(new DumpRecord.Node(id.level(), id.index(), hash));
            }
          });
      if (signAt.contains(range.size())) {
        log.sign(range.size(), range.root());
      }
    }
    return log;
  }

  /** The canonical data of entry {@code i}. */
  static byte[] data(long i) {
    return ("{\"action\":\"read\",\"event\":" + i + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** A signed checkpoint of {@code size} and {@code root}, as the log stores it. */
  static DumpRecord.SignedCheckpoint checkpoint(NoteSigner signer, long size, byte[] root) {
    return new DumpRecord.SignedCheckpoint(
        size, Checkpoint.of(signer.name(), size, root).sign(signer).toString());
  }

  void sign(long size, byte[] root) {
    checkpoints.add(checkpoint(SIGNER, size, root));
  }

  /** Replaces entry {@code index} (its position in the list) with other data and its leaf hash. */
  void rewrite(int position, byte[] data) {
    DumpRecord.Entry e = entries.get(position);
    entries.set(position, new DumpRecord.Entry(e.index(), data, MerkleHasher.leafHash(data)));
  }

  /** Swaps the data and leaf hashes of two entries, keeping their indices. */
  void swap(int i, int j) {
    DumpRecord.Entry a = entries.get(i);
    DumpRecord.Entry b = entries.get(j);
    entries.set(i, new DumpRecord.Entry(a.index(), b.data(), b.leafHash()));
    entries.set(j, new DumpRecord.Entry(b.index(), a.data(), a.leafHash()));
  }

  /** Removes every stored subtree hash. */
  TestLog withoutNodes() {
    nodes.clear();
    return this;
  }

  /** The stored subtree hash of {@code id}. */
  byte[] node(NodeId id) {
    return nodes.stream()
        .filter(n -> n.level() == id.level() && n.index() == id.index())
        .findFirst()
        .orElseThrow()
        .hash();
  }

  /** The dump lines: checkpoints, nodes, then entries, as {@code dump} writes them. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    checkpoints.forEach(c -> lines.add(DumpFormat.checkpointLine(c.size(), c.note())));
    nodes.forEach(n -> lines.add(DumpFormat.nodeLine(n.level(), n.index(), n.hash())));
    entries.forEach(e -> lines.add(entryLine(e)));
    return lines;
  }

  static String entryLine(DumpRecord.Entry e) {
    if (e.leafHash() == null) {
      return CanonicalJson.toJson(
          Map.of(
              "type",
              "entry",
              "index",
              e.index(),
              "data",
              Base64.getEncoder().encodeToString(e.data())));
    }
    return DumpFormat.entryLine(e.index(), e.data(), e.leafHash());
  }

  /** Writes {@code lines} to a new file in {@code dir}. */
  static Path write(Path dir, List<String> lines) throws IOException {
    Path file = Files.createTempFile(dir, "log", ".jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
