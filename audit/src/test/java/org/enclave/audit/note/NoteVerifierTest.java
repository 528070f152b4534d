package org.enclave.audit.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteVerifierTest {

  @Test
  void parsesGoPeterNeumannVerifierKey() {
    NoteVerifier v = NoteVerifier.parse(GoVectors.PETER_VKEY);

    assertThat(v.name()).isEqualTo("PeterNeumann");
    assertThat(v.keyId()).isEqualTo(0xc74f20a3);
    assertThat(v.verifierKey()).isEqualTo(GoVectors.PETER_VKEY);
    assertThat(v).hasToString(GoVectors.PETER_VKEY);
    assertThat(NoteVerifier.of("PeterNeumann", v.publicKey())).isEqualTo(v);
  }

  @Test
  void computesKeyIdFromNameAndKeyAsGoDoes() {
    NoteVerifier enoch = NoteVerifier.parse(GoVectors.ENOCH_VKEY);

    assertThat(enoch.keyId()).isEqualTo(0xaf0cfe78);
    assertThat(NoteVerifier.of("EnochRoot2", enoch.publicKey()).keyId()).isNotEqualTo(0xaf0cfe78);
  }

  @Test
  void rejectsEverySubstringAndEveryIncrementedByteOfGoVerifierKey() {
    byte[] b = GoVectors.PETER_VKEY.getBytes(StandardCharsets.US_ASCII);
    List<String> mangled = new ArrayList<>();
    for (int i = 0; i <= b.length; i++) {
      for (int j = i + 1; j <= b.length; j++) {
        if (i != 0 || j != b.length) {
          mangled.add(new String(b, i, j - i, StandardCharsets.US_ASCII));
        }
      }
    }
    for (int i = 0; i < b.length; i++) {
      b[i]++;
      mangled.add(new String(b, StandardCharsets.US_ASCII));
      b[i]--;
    }

    for (String key : mangled) {
      assertThatThrownBy(() -> NoteVerifier.parse(key))
          .as(key)
          .isInstanceOf(NoteKeyException.class);
    }
  }

  @Test
  void rejectsGoWrongLengthKeyWithAdjustedKeyId() {
    assertThatThrownBy(
            () ->
                NoteVerifier.parse(
                    "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="))
        .isInstanceOf(NoteKeyException.class);
  }

  @Test
  void rejectsGoUnknownAlgorithmWithAdjustedKeyId() {
    assertThatThrownBy(
            () ->
                NoteVerifier.parse(
                    "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("unknown key algorithm 0x65");
  }

  @Test
  void rejectsKeyIdThatDoesNotMatchKey() {
    assertThatThrownBy(
            () -> NoteVerifier.parse(GoVectors.PETER_VKEY.replace("c74f20a3", "c74f20a4")))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void rejectsUppercaseKeyIdThatGoWouldAccept() {
    assertThatThrownBy(
            () -> NoteVerifier.parse(GoVectors.PETER_VKEY.replace("c74f20a3", "C74F20A3")))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("lowercase hex");
  }

  @Test
  void rejectsPointThatIsNotOnTheCurve() {
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2;

    assertThatThrownBy(() -> NoteVerifier.of("enclave.example/audit", notAPoint))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("not a valid Ed25519 public key");
  }

  @Test
  void rejectsPublicKeyOfWrongSize() {
    byte[] pub = NoteVerifier.parse(GoVectors.PETER_VKEY).publicKey();
    byte[] shorter = java.util.Arrays.copyOf(pub, 31);

    assertThatThrownBy(() -> NoteVerifier.of("EnochRoot", shorter))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("32 bytes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a+b",
        "a b",
        "a\tb",
        "a\nb",
        "a\rb",
        "a\u00a0b",
        "a\u0085b",
        "a\u2003b",
        "a\u2028b",
        "a\u3000b",
        "a\u0001b",
        "a\ud800b"
      })
  void rejectsInvalidKeyNames(String name) {
    byte[] pub = NoteVerifier.parse(GoVectors.PETER_VKEY).publicKey();

    assertThatThrownBy(() -> NoteVerifier.of(name, pub))
        .isInstanceOf(NoteKeyException.class)
        .hasMessageContaining("invalid key name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"enclave.example/audit", "sum.golang.org", "名前", "a—b", "\ud83d\ude02"})
  void acceptsKeyNamesThatAreUrlsOrAnyNonSpaceUnicode(String name) {
    byte[] pub = NoteVerifier.parse(GoVectors.PETER_VKEY).publicKey();

    NoteVerifier v = NoteVerifier.of(name, pub);

    assertThat(NoteVerifier.parse(v.verifierKey())).isEqualTo(v);
  }

  @Test
  void verifiesOnlyItsOwnSignatureOfTheExactMessage() {
    NoteSigner signer = NoteSigner.parse(GoVectors.PETER_SKEY);
    NoteVerifier verifier = NoteVerifier.parse(GoVectors.PETER_VKEY);
    byte[] msg = "hi".getBytes(StandardCharsets.UTF_8);
    byte[] sig = signer.sign(msg);

    assertThat(verifier.verify(msg, sig)).isTrue();
    sig[0]++;
    assertThat(verifier.verify(msg, sig)).isFalse();
    sig[0]--;
    msg[0]++;
    assertThat(verifier.verify(msg, sig)).isFalse();
    assertThat(verifier.verify(msg, java.util.Arrays.copyOf(sig, 63))).isFalse();
  }
}
