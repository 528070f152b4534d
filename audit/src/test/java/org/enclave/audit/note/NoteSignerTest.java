package org.enclave.audit.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoteSignerTest {

  @Test
  void parsesGoPeterNeumannSignerKeyAndDerivesItsVerifierKey() {
    NoteSigner signer = NoteSigner.parse(GoVectors.PETER_SKEY);

    assertThat(signer.name()).isEqualTo("PeterNeumann");
    assertThat(signer.keyId()).isEqualTo(0xc74f20a3);
    assertThat(signer.verifier().verifierKey()).isEqualTo(GoVectors.PETER_VKEY);
    assertThat(signer.signerKey()).isEqualTo(GoVectors.PETER_SKEY);
  }

  @Test
  void rejectsEverySubstringAndEveryIncrementedByteOfGoSignerKey() {
    byte[] b = GoVectors.PETER_SKEY.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i <= b.length; i++) {
      for (int j = i + 1; j <= b.length; j++) {
        if (i == 0 && j == b.length) {
          continue;
        }
        String key = new String(b, i, j - i, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> NoteSigner.parse(key)).isInstanceOf(NoteKeyException.class);
      }
    }
    for (int i = 0; i < b.length; i++) {
      b[i]++;
      String key = new String(b, StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> NoteSigner.parse(key)).isInstanceOf(NoteKeyException.class);
      b[i]--;
    }
  }

  @Test
  void errorsAndToStringNeverShowThePrivateKey() {
    String seedPart = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    NoteSigner signer = NoteSigner.parse(GoVectors.PETER_SKEY);

    assertThat(signer.toString()).doesNotContain(seedPart).contains(GoVectors.PETER_VKEY);
    assertThatThrownBy(() -> NoteSigner.parse(GoVectors.PETER_SKEY.replace("c74f20a3", "00000000")))
        .isInstanceOf(NoteKeyException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(seedPart));
  }

  @Test
  void generatedKeysAreSelfConsistentAndRoundTripAsText() {
    NoteSigner signer = NoteSigner.generate("EnochRoot", new SecureRandom());
    NoteSigner reparsed = NoteSigner.parse(signer.signerKey());
    NoteVerifier verifier = NoteVerifier.parse(signer.verifier().verifierKey());
    byte[] msg = "hi".getBytes(StandardCharsets.UTF_8);

    assertThat(reparsed.keyId()).isEqualTo(signer.keyId()).isEqualTo(verifier.keyId());
    assertThat(reparsed.name()).isEqualTo("EnochRoot");
    assertThat(verifier.verify(msg, reparsed.sign(msg))).isTrue();
    assertThat(signer.sign(msg)).isEqualTo(reparsed.sign(msg));
  }

  @Test
  void rejectsSeedOfWrongSize() {
    assertThatThrownBy(() -> NoteSigner.fromSeed("EnochRoot", new byte[31]))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void rejectsSignerKeyWithUnknownAlgorithm() {
    String otherAlgorithm =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    assertThatThrownBy(() -> NoteSigner.parse(otherAlgorithm))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("unknown key algorithm 0x02");
  }
}
