package org.enclave.audit.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {

  // The example body of c2sp.org/tlog-checkpoint.
  private static final String C2SP_EXAMPLE =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  private static final byte[] ROOT =
      Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  private static final String ORIGIN = "enclave.example/audit";
  private static final NoteSigner LOG = NoteSigner.fromSeed(ORIGIN, new byte[32]);

  @Test
  void parsesAndFormatsTheC2spExample() {
    Checkpoint c = Checkpoint.parse(C2SP_EXAMPLE);

    assertThat(c.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(c.size()).isEqualTo(20852163L);
    assertThat(c.rootHash()).isEqualTo(ROOT);
    assertThat(c.extensions()).isEmpty();
    assertThat(c.toText()).isEqualTo(C2SP_EXAMPLE);
    assertThat(Checkpoint.of("example.com/behind-the-sofa", 20852163L, ROOT)).isEqualTo(c);
  }

  @Test
  void keepsExtensionLinesInOrder() {
    String text = C2SP_EXAMPLE + "ext one\n— not a signature\n";

    Checkpoint c = Checkpoint.parse(text);

    assertThat(c.extensions()).containsExactly("ext one", "— not a signature");
    assertThat(c.toText()).isEqualTo(text);
  }

  @Test
  void emptyTreeHasSizeZero() {
    Checkpoint c = Checkpoint.of(ORIGIN, 0, new byte[32]);

    assertThat(c.toText()).startsWith(ORIGIN + "\n0\n");
    assertThat(Checkpoint.parse(c.toText())).isEqualTo(c);
  }

  @Test
  void largestTreeSizeRoundTrips() {
    Checkpoint c = Checkpoint.of(ORIGIN, Long.MAX_VALUE, ROOT);

    assertThat(Checkpoint.parse(c.toText()).size()).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.com/log\n",
        "example.com/log\n5\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
        "\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n00\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n 5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n5 \nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n0x5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n\u0663\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n9223372036854775808\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2IA\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next\n\n",
        "example.com/log\r\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n5\r\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
      })
  void refusesMalformedBodies(String text) {
    assertThatThrownBy(() -> Checkpoint.parse(text)).isInstanceOf(MalformedNoteException.class);
  }

  @Test
  void refusesToBuildCheckpointsThatCannotBeWritten() {
    assertThatThrownBy(() -> Checkpoint.of("", 1, ROOT)).isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> Checkpoint.of("a\nb", 1, ROOT))
        .isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> Checkpoint.of(ORIGIN, -1, ROOT))
        .isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> Checkpoint.of(ORIGIN, 1, new byte[31]))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Checkpoint.of(ORIGIN, 1, ROOT, List.of("")))
        .isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> Checkpoint.of(ORIGIN, 1, ROOT, List.of("tab\there")))
        .isInstanceOf(MalformedNoteException.class);
  }

  @Test
  void rootHashIsCopiedInAndOut() {
    byte[] root = ROOT.clone();
    Checkpoint c = Checkpoint.of(ORIGIN, 1, root);
    root[0]++;
    c.rootHash()[1]++;

    assertThat(c.rootHash()).isEqualTo(ROOT);
  }

  @Test
  void signsIntoASignedNoteThatOpensWithTheLogKey() {
    Checkpoint c = Checkpoint.of(ORIGIN, 42, ROOT);

    SignedNote note = c.sign(LOG);

    assertThat(note.text()).isEqualTo(c.toText());
    assertThat(note.signatures()).singleElement().extracting(NoteSignature::name).isEqualTo(ORIGIN);
    assertThat(Checkpoint.open(note.encode(), LOG.verifier())).isEqualTo(c);
  }

  @Test
  void witnessCosignaturesAreIgnoredWhenOpeningWithTheLogKey() {
    NoteSigner witness =
        NoteSigner.fromSeed(
            "witness.example/w1",
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
            });
    SignedNote note = Checkpoint.of(ORIGIN, 42, ROOT).sign(LOG).cosign(witness);

    assertThat(Checkpoint.open(note.encode(), LOG.verifier()).size()).isEqualTo(42);
  }

  @Test
  void refusesCheckpointNotSignedByTheLogKey() {
    NoteSigner other =
        NoteSigner.fromSeed(
            ORIGIN,
            new byte[] {
              9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
              9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9
            });
    byte[] note = Checkpoint.of(ORIGIN, 42, ROOT).sign(other).encode();

    assertThatThrownBy(() -> Checkpoint.open(note, LOG.verifier()))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("note has no signature from a trusted key");
  }

  @Test
  void refusesCheckpointForAnotherOrigin() {
    byte[] note = Checkpoint.of("elsewhere.example/log", 42, ROOT).sign(LOG).encode();

    assertThatThrownBy(() -> Checkpoint.open(note, LOG.verifier()))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessageContaining("expected " + ORIGIN);
  }

  @Test
  void refusesSignedNoteWhoseTextIsNotACheckpoint() {
    byte[] note = SignedNote.sign(ORIGIN + "\n42\n", LOG).encode();

    assertThatThrownBy(() -> Checkpoint.open(note, LOG.verifier()))
        .isInstanceOf(MalformedNoteException.class);
  }

  @Test
  void refusesTamperedTreeSize() {
    String note = Checkpoint.of(ORIGIN, 42, ROOT).sign(LOG).toString().replace("\n42\n", "\n43\n");

    assertThatThrownBy(
            () ->
                Checkpoint.open(
                    note.getBytes(java.nio.charset.StandardCharsets.UTF_8), LOG.verifier()))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessageStartingWith("invalid signature for key " + ORIGIN + "+");
  }
}
