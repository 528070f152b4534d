package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.enclave.audit.note.NoteVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpFileVerificationTest {

  private static final NoteVerifier KEY = TestLog.SIGNER.verifier();

  @TempDir Path dir;

  @Test
  void verifiesADumpWithItsCheckpointsAndNodesFirst() throws Exception {
    TestLog log = TestLog.of(100, 10, 64, 100);

    VerificationSummary summary = DumpFileVerification.verify(TestLog.write(dir, log.lines()), KEY);

    assertThat(summary.entries()).isEqualTo(100);
    assertThat(summary.checkpoints()).isEqualTo(3);
    assertThat(summary.subtreeHashesChecked()).isEqualTo(100 - Long.bitCount(100));
  }

  @Test
  void linesMayComeInAnyOrderOfTypes() throws Exception {
    TestLog log = TestLog.of(100, 10, 64, 100);
    List<String> all = log.lines();
    int firstEntry = log.checkpoints.size() + log.nodes.size();
    List<String> side = new ArrayList<>(all.subList(0, firstEntry));
    Collections.shuffle(side.subList(log.checkpoints.size(), firstEntry), new Random(7));
    List<String> lines = new ArrayList<>(all.subList(firstEntry, firstEntry + 50));
    lines.addAll(side);
    lines.addAll(all.subList(firstEntry + 50, all.size()));
    lines.add(3, "");

    VerificationSummary summary = DumpFileVerification.verify(TestLog.write(dir, lines), KEY);

    assertThat(summary.entries()).isEqualTo(100);
    assertThat(summary.checkpoints()).isEqualTo(3);
    assertThat(summary.subtreeHashesChecked()).isEqualTo(100 - Long.bitCount(100));
  }

  @Test
  void aNodeListedAfterTheEntriesStillCatchesASwap() throws Exception {
    TestLog log = TestLog.of(64, 64);
    log.swap(40, 50);
    List<String> lines = new ArrayList<>(log.lines());
    Collections.rotate(lines, log.entries.size());

    assertThatThrownBy(() -> DumpFileVerification.verify(TestLog.write(dir, lines), KEY))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.index()).hasValue(40));
  }

  @Test
  void aFailureInTheFirstReadStandsWhenNothingFollowsTheEntries() throws Exception {
    TestLog log = TestLog.of(30, 30);
    log.entries.remove(3);

    assertThatThrownBy(() -> DumpFileVerification.verify(TestLog.write(dir, log.lines()), KEY))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.index()).hasValue(3));
  }

  @Test
  void aMalformedLineIsAnInputErrorNamingTheLine() throws Exception {
    List<String> lines = new ArrayList<>(TestLog.of(5, 5).lines());
    lines.set(6, "{\"type\":\"entry\",\"index\":2}");
    Path file = TestLog.write(dir, lines);

    assertThatThrownBy(() -> DumpFileVerification.verify(file, KEY))
        .isInstanceOf(InputException.class)
        .hasMessage(file + ", line 7: \"data\" must be a base64 string");
  }

  @Test
  void aMissingFileIsAnInputError() {
    Path missing = dir.resolve("nothing.jsonl");

    assertThatThrownBy(() -> DumpFileVerification.verify(missing, KEY))
        .isInstanceOf(InputException.class)
        .hasMessage("cannot read " + missing + ": no such file");
  }

  @Test
  void linesWithoutFinalNewlineAndWithCarriageReturnsAreRead() throws Exception {
    Path file = dir.resolve("crlf.jsonl");
    Files.writeString(file, String.join("\r\n", TestLog.of(9, 9).lines()), StandardCharsets.UTF_8);

    assertThat(DumpFileVerification.verify(file, KEY).entries()).isEqualTo(9);
  }

  @Test
  void aNodeListedTwiceWithTwoHashesIsAnInputError() throws Exception {
    TestLog log = TestLog.of(8, 8);
    DumpRecord.Node node = log.nodes.get(0);
    log.nodes.add(new DumpRecord.Node(node.level(), node.index(), new byte[32]));

    assertThatThrownBy(() -> DumpFileVerification.verify(TestLog.write(dir, log.lines()), KEY))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("subtree (1, 0) is listed with two hashes");
  }
}
