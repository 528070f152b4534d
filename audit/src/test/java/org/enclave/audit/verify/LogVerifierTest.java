package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.TreeVerifier;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.note.NoteVerifier;
import org.junit.jupiter.api.Test;

class LogVerifierTest {

  private static final NoteVerifier KEY = TestLog.SIGNER.verifier();

  @Test
  void verifiesAnUntamperedLogAndCountsWhatItChecked() throws Exception {
    TestLog log = TestLog.of(37, 8, 16, 30);

    VerificationSummary summary = verify(log, KEY);

    TreeVerifier tree = new TreeVerifier();
    log.entries.forEach(e -> tree.append(e.data()));
    assertThat(summary.entries()).isEqualTo(37);
    assertThat(summary.root()).isEqualTo(tree.root());
    assertThat(summary.checkpoints()).isEqualTo(3);
    assertThat(summary.signedSize()).isEqualTo(30);
    assertThat(summary.unsignedEntries()).isEqualTo(7);
    assertThat(summary.leafHashesChecked()).isEqualTo(37);
    assertThat(summary.subtreeHashesChecked()).isEqualTo(37 - Long.bitCount(37));
  }

  @Test
  void theEmptyLogVerifiesWithOrWithoutACheckpoint() throws Exception {
    assertThat(verify(TestLog.of(0), KEY).entries()).isZero();
    assertThat(verify(TestLog.of(0, 0), KEY).checkpoints()).isEqualTo(1);
  }

  @Test
  void entriesWithoutLeafHashesOrStoredNodesVerifyAgainstTheCheckpoints() throws Exception {
    TestLog log = TestLog.of(20, 5, 20).withoutNodes();
    log.entries.replaceAll(e -> new DumpRecord.Entry(e.index(), e.data(), null));

    VerificationSummary summary = verify(log, KEY);

    assertThat(summary.leafHashesChecked()).isZero();
    assertThat(summary.subtreeHashesChecked()).isZero();
    assertThat(summary.checkpoints()).isEqualTo(2);
  }

  @Test
  void aGapNamesTheFirstMissingIndex() {
    TestLog log = TestLog.of(20, 20);
    log.entries.remove(11);
    log.entries.remove(11);

    VerificationException e = failure(log, KEY);

    assertThat(e.index()).hasValue(11);
    assertThat(e.line())
        .isEqualTo("FAIL at index 11: entry 11 is missing: the next entry listed is 13");
  }

  @Test
  void aRepeatedOrOutOfOrderEntryIsNamed() {
    TestLog log = TestLog.of(20, 20);
    log.entries.add(6, log.entries.get(5));

    assertThat(failure(log, KEY).line())
        .isEqualTo("FAIL at index 5: entry 5 appears again, after entry 5");
  }

  @Test
  void dataThatDoesNotHashToItsLeafHashIsNamed() {
    TestLog log = TestLog.of(20, 20);
    DumpRecord.Entry e = log.entries.get(13);
    log.entries.set(13, new DumpRecord.Entry(13, TestLog.data(99), e.leafHash()));

    VerificationException failure = failure(log, KEY);

    assertThat(failure.index()).hasValue(13);
    assertThat(failure.reason()).contains("does not hash to its stored leaf hash");
  }

  @Test
  void swappedEntriesNameTheFirstLeafOfTheLowestMismatchingSubtree() {
    TestLog log = TestLog.of(40, 40);
    log.swap(10, 27);

    VerificationException e = failure(log, KEY);

    assertThat(e.index()).hasValue(10);
    assertThat(e.reason()).contains("subtree (1, 5) over entries 10 to 11");
  }

  @Test
  void aRewrittenEntryWithItsLeafHashIsFoundByItsSubtree() {
    TestLog log = TestLog.of(40, 40);
    log.rewrite(21, TestLog.data(1000));

    assertThat(failure(log, KEY).index()).hasValue(20);
  }

  @Test
  void aForgedSubtreeHashIsNamedThoughTheEntriesAreIntact() {
    TestLog log = TestLog.of(40, 40);
    int position =
        log.nodes.indexOf(
            log.nodes.stream()
                .filter(n -> n.level() == 3 && n.index() == 2)
                .findFirst()
                .orElseThrow());
    log.nodes.set(position, new DumpRecord.Node(3, 2, MerkleHasher.leafHash(new byte[] {1})));

    VerificationException e = failure(log, KEY);

    assertThat(e.index()).hasValue(16);
    assertThat(e.reason()).contains("subtree (3, 2) over entries 16 to 23");
  }

  @Test
  void withoutStoredHashesARootMismatchNamesTheEntriesAfterTheLastGoodCheckpoint() {
    TestLog log = TestLog.of(40, 8, 16, 24, 32, 40).withoutNodes();
    log.rewrite(18, TestLog.data(1000));

    VerificationException e = failure(log, KEY);

    assertThat(e.index()).hasValue(16);
    assertThat(e.reason())
        .contains("but the checkpoint of size 24 signs")
        .endsWith("entries 16 to 23 are not those that were signed");
  }

  @Test
  void aTruncatedLogNamesItsFirstMissingEntry() {
    TestLog log = TestLog.of(40, 8, 40).withoutNodes();
    log.entries.subList(30, 40).clear();

    VerificationException e = failure(log, KEY);

    assertThat(e.index()).hasValue(30);
    assertThat(e.reason()).contains("a checkpoint signs 40: entries 30 to 39 are missing");
  }

  @Test
  void storedSubtreesBeyondTheEndRevealATruncation() {
    TestLog log = TestLog.of(40, 8);
    log.entries.subList(33, 40).clear();

    VerificationException e = failure(log, KEY);

    assertThat(e.index()).hasValue(33);
    assertThat(e.reason()).contains("stores the hash of subtree");
  }

  @Test
  void entriesThatNoCheckpointSignsFailAtIndexZero() {
    assertThat(failure(TestLog.of(3), KEY).line())
        .isEqualTo("FAIL at index 0: no checkpoint signs the log: none of its 3 entries is signed");
  }

  @Test
  void anotherKeyVerifiesNoCheckpoint() {
    NoteVerifier other = NoteSigner.generate(TestLog.ORIGIN, new SecureRandom()).verifier();

    VerificationException e = failure(TestLog.of(10, 5, 10), other);

    assertThat(e.index()).isEmpty();
    assertThat(e.line())
        .startsWith("FAIL: checkpoint #1 (size 5) does not verify with key enclave.test/audit+")
        .endsWith("note has no signature from a trusted key");
  }

  @Test
  void aCheckpointWithAlteredTextFailsItsSignature() {
    TestLog log = TestLog.of(10, 5, 10);
    String note = log.checkpoints.get(1).note();
    String root = note.split("\n")[2];
    String otherRoot = Base64.getEncoder().encodeToString(new byte[32]);
    log.checkpoints.set(1, new DumpRecord.SignedCheckpoint(10, note.replace(root, otherRoot)));

    assertThat(failure(log, KEY).reason())
        .startsWith("checkpoint #2 (size 10) does not verify with key enclave.test/audit+")
        .endsWith(
            "invalid signature for key enclave.test/audit+" + String.format("%08x", KEY.keyId()));
  }

  @Test
  void aCheckpointOfAnotherOriginIsRefused() {
    TestLog log = TestLog.of(4);
    String note = Checkpoint.of("elsewhere/audit", 4, new byte[32]).sign(TestLog.SIGNER).toString();
    log.checkpoints.add(new DumpRecord.SignedCheckpoint(4, note));

    assertThat(failure(log, KEY).reason()).contains("is for origin elsewhere/audit");
  }

  @Test
  void aCheckpointStoredUnderAnotherSizeIsRefused() {
    TestLog log = TestLog.of(10, 10);
    log.checkpoints.set(0, new DumpRecord.SignedCheckpoint(12, log.checkpoints.get(0).note()));

    assertThat(failure(log, KEY).reason())
        .isEqualTo("checkpoint #1 (size 12) is stored under size 12 but signs size 10");
  }

  @Test
  void checkpointsThatShrinkAreRefused() {
    TestLog log = TestLog.of(10, 5, 10);
    Collections.reverse(log.checkpoints);

    assertThat(failure(log, KEY).reason())
        .isEqualTo("checkpoint #2 (size 5) signs a smaller log than checkpoint #1 (size 10)");
  }

  @Test
  void twoRootsForOneSizeAreAFork() {
    TestLog log = TestLog.of(10, 10);
    log.checkpoints.add(TestLog.checkpoint(TestLog.SIGNER, 10, new byte[32]));

    assertThat(failure(log, KEY).reason())
        .isEqualTo(
            "checkpoints #1 and #2 both sign size 10 but with different roots: the log forked");
  }

  @Test
  void theSameCheckpointListedTwiceCountsOnce() throws Exception {
    TestLog log = TestLog.of(10, 10);
    log.checkpoints.add(log.checkpoints.get(0));

    assertThat(verify(log, KEY).checkpoints()).isEqualTo(1);
  }

  @Test
  void aCheckpointOfSizeZeroMustSignTheEmptyTree() {
    TestLog log = TestLog.of(3, 3);
    log.checkpoints.add(0, TestLog.checkpoint(TestLog.SIGNER, 0, new byte[32]));

    assertThat(failure(log, KEY).line())
        .isEqualTo(
            "FAIL at index 0: the checkpoint of size 0 signs a root other than that of the empty log");
  }

  static VerificationSummary verify(TestLog log, NoteVerifier key)
      throws VerificationException, InputException {
    NodeTable nodes = new NodeTable();
    for (DumpRecord.Node node : log.nodes) {
      nodes.put(node);
    }
    LogVerifier verifier = new LogVerifier(SignedCheckpoints.open(log.checkpoints, key), nodes);
    for (DumpRecord.Entry entry : log.entries) {
      verifier.entry(entry);
    }
    return verifier.finish();
  }

  static VerificationException failure(TestLog log, NoteVerifier key) {
    try {
      verify(log, key);
    } catch (VerificationException e) {
      return e;
    } catch (InputException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the log verified");
  }
}
