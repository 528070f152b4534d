package org.enclave.audit.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.enclave.audit.note.GoVectors.ENOCH;
import static org.enclave.audit.note.GoVectors.ENOCH_SIG;
import static org.enclave.audit.note.GoVectors.PETER;
import static org.enclave.audit.note.GoVectors.PETER_SIG;
import static org.enclave.audit.note.GoVectors.TEXT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignedNoteTest {

  private static final NoteSigner PETER_SIGNER = NoteSigner.parse(GoVectors.PETER_SKEY);
  private static final NoteVerifier PETER_KEY = NoteVerifier.parse(GoVectors.PETER_VKEY);
  private static final NoteVerifier ENOCH_KEY = NoteVerifier.parse(GoVectors.ENOCH_VKEY);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void reproducesGoPeterNeumannSignatureLineExactly() {
    SignedNote note = SignedNote.sign(TEXT, PETER_SIGNER);

    assertThat(note.toString()).isEqualTo(TEXT + "\n" + PETER_SIG);
    assertThat(note.encode()).isEqualTo(utf8(TEXT + "\n" + PETER_SIG));
    assertThat(note.signatures()).containsExactly(PETER);
  }

  @Test
  void resigningReplacesTheSignerOwnSignatureAndKeepsOthers() {
    SignedNote doubly = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG);

    SignedNote resigned = doubly.cosign(PETER_SIGNER);

    assertThat(resigned.toString()).isEqualTo(TEXT + "\n" + ENOCH_SIG + PETER_SIG);
  }

  @Test
  void opensWithOneTrustedKeyAndReportsTheOtherAsUnverified() {
    VerifiedNote n =
        SignedNote.open(utf8(TEXT + "\n" + PETER_SIG + ENOCH_SIG), NoteVerifiers.of(PETER_KEY));

    assertThat(n.text()).isEqualTo(TEXT);
    assertThat(n.verified()).containsExactly(PETER);
    assertThat(n.unverified()).containsExactly(ENOCH);
  }

  @Test
  void opensWithBothKeysTrusted() {
    VerifiedNote n =
        SignedNote.open(
            utf8(TEXT + "\n" + PETER_SIG + ENOCH_SIG), NoteVerifiers.of(PETER_KEY, ENOCH_KEY));

    assertThat(n.verified()).containsExactly(PETER, ENOCH);
    assertThat(n.unverified()).isEmpty();
  }

  @Test
  void refusesNoteWithNoSignatureFromATrustedKey() {
    SignedNote parsed = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG);

    assertThat(parsed.signatures()).containsExactly(PETER, ENOCH);
    assertThatThrownBy(() -> parsed.verify(NoteVerifiers.of()))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("note has no signature from a trusted key");
  }

  @Test
  void sameVerifierListedTwiceIsNotAmbiguous() {
    VerifiedNote n =
        SignedNote.open(
            utf8(TEXT + "\n" + ENOCH_SIG), NoteVerifiers.of(ENOCH_KEY, PETER_KEY, ENOCH_KEY));

    assertThat(n.verified()).containsExactly(ENOCH);
  }

  @Test
  void twoTrustedKeysWithTheSameNameAndIdAreAmbiguousOnlyWhenUsed() {
    // Two seeds whose EnochRoot keys collide in the 32-bit key id (found by a birthday search).
    NoteSigner first = NoteSigner.fromSeed("EnochRoot", seedEndingWith(13317));
    NoteSigner second = NoteSigner.fromSeed("EnochRoot", seedEndingWith(47593));
    assertThat(first.keyId()).isEqualTo(second.keyId()).isEqualTo(0xbeddb194);
    NoteVerifiers trusted = NoteVerifiers.of(first.verifier(), PETER_KEY, second.verifier());

    assertThat(SignedNote.open(utf8(TEXT + "\n" + PETER_SIG), trusted).verified())
        .containsExactly(PETER);
    assertThatThrownBy(() -> SignedNote.sign(TEXT, first).verify(trusted))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("ambiguous key EnochRoot+beddb194");
  }

  private static byte[] seedEndingWith(int i) {
    byte[] seed = new byte[32];
    seed[30] = (byte) (i >>> 8);
    seed[31] = (byte) i;
    return seed;
  }

  @Test
  void refusesInvalidSignatureFromATrustedKey() {
    String corrupted = GoVectors.insertAbcdAtByte60(PETER_SIG);

    assertThatThrownBy(
            () -> SignedNote.open(utf8(TEXT + "\n" + corrupted), NoteVerifiers.of(PETER_KEY)))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("invalid signature for key PeterNeumann+c74f20a3");
  }

  @Test
  void refusesInvalidTrustedSignatureEvenWhenAnotherTrustedKeyVerifies() {
    String corrupted = GoVectors.insertAbcdAtByte60(ENOCH_SIG);

    assertThatThrownBy(
            () ->
                SignedNote.open(
                    utf8(TEXT + "\n" + PETER_SIG + corrupted),
                    NoteVerifiers.of(PETER_KEY, ENOCH_KEY)))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("invalid signature for key EnochRoot+af0cfe78");
  }

  @Test
  void refusesTamperedText() {
    String tampered = TEXT.replace("problem,", "problem;");

    assertThatThrownBy(
            () -> SignedNote.open(utf8(tampered + "\n" + PETER_SIG), NoteVerifiers.of(PETER_KEY)))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("invalid signature for key PeterNeumann+c74f20a3");
  }

  @Test
  void ignoresSignaturesSharingOnlyTheNameOrOnlyTheKeyIdOfATrustedKey() {
    String otherName = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
    String otherId = PETER_SIG.replace("x08g", "xxxx");
    NoteVerifiers trusted = NoteVerifiers.of(PETER_KEY);

    for (String line : List.of(otherName, otherId)) {
      SignedNote parsed = SignedNote.parse(TEXT + "\n" + line);
      assertThatThrownBy(() -> parsed.verify(trusted))
          .isInstanceOf(NoteVerificationException.class)
          .hasMessage("note has no signature from a trusted key");
    }
    VerifiedNote n = SignedNote.open(utf8(TEXT + "\n" + otherName + PETER_SIG + otherId), trusted);
    assertThat(n.verified()).containsExactly(PETER);
    assertThat(n.unverified()).hasSize(2);
  }

  @Test
  void refusesTwoSignaturesFromOneKeyWhichGoWouldDeduplicate() {
    String msg = TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG;

    assertThatThrownBy(() -> SignedNote.parse(msg))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessage("note has two signatures from key PeterNeumann+c74f20a3");
    String differentBytesSameKey =
        TEXT + "\n" + ENOCH_SIG + GoVectors.insertAbcdAtByte60(ENOCH_SIG);
    assertThatThrownBy(() -> SignedNote.parse(differentBytesSameKey))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("two signatures from key EnochRoot+af0cfe78");
  }

  @Test
  void acceptsAHundredSignaturesAndRefusesMore() {
    List<NoteSigner> signers = new ArrayList<>();
    for (int i = 0; i < SignedNote.MAX_SIGNATURES + 1; i++) {
      signers.add(NoteSigner.fromSeed("witness" + i, seedEndingWith(i)));
    }
    SignedNote hundred = SignedNote.sign(TEXT, signers.subList(0, 100).toArray(NoteSigner[]::new));

    assertThat(SignedNote.parse(hundred.encode()).signatures()).hasSize(100);
    String extra =
        NoteSignature.of("witness100", signers.get(100).keyId(), signers.get(100).sign(utf8(TEXT)))
            .line();
    assertThatThrownBy(() -> SignedNote.parse(hundred + extra))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessage("note has more than 100 signatures");
    assertThatThrownBy(() -> SignedNote.sign(TEXT, signers.toArray(NoteSigner[]::new)))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessage("note has more than 100 signatures");
  }

  @Test
  void refusesGoTooManySignatures() {
    assertThatThrownBy(() -> SignedNote.parse(TEXT + "\n" + PETER_SIG.repeat(101)))
        .isInstanceOf(MalformedNoteException.class);
  }

  static Stream<String> goMalformedNotes() {
    return Stream.of(
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
        "\u0001" + TEXT + "\n" + PETER_SIG,
        TEXT
            + "\n"
            + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n");
  }

  @ParameterizedTest
  @MethodSource("goMalformedNotes")
  void refusesGoMalformedNotes(String msg) {
    assertThatThrownBy(() -> SignedNote.open(utf8(msg), NoteVerifiers.of(PETER_KEY)))
        .isInstanceOf(MalformedNoteException.class);
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = utf8(TEXT + "\n" + PETER_SIG);
    byte[] msg = new byte[body.length + 1];
    msg[0] = (byte) 0xff;
    System.arraycopy(body, 0, msg, 1, body.length);

    assertThatThrownBy(() -> SignedNote.parse(msg))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessage("note is not valid UTF-8");
  }

  static Stream<String> otherMalformedNotes() {
    String b64 = PETER.base64();
    return Stream.of(
        TEXT + "\n" + PETER_SIG + "\n",
        TEXT + "\n" + PETER_SIG.replace("\u2014 ", "- "),
        TEXT + "\n" + PETER_SIG.replace("\u2014 ", "\u2014"),
        TEXT + "\n" + PETER_SIG.replace("\u2014 ", "\u2014  "),
        TEXT + "\n" + "\u2014 PeterNeumann " + b64.replace("=", "") + "\n",
        TEXT + "\n" + "\u2014 PeterNeumann " + b64 + " \n",
        TEXT + "\n" + "\u2014 PeterNeumann " + b64.substring(0, b64.length() - 2) + "N=\n",
        TEXT + "\n" + "\u2014 PeterNeumann \n",
        TEXT + "\n" + "\u2014 PeterNeumann AAAAAA==\n",
        TEXT + "\n" + "\u2014 Peter+Neumann " + b64 + "\n",
        TEXT.replace("\n", "\r\n") + "\r\n" + PETER_SIG,
        TEXT + "\n" + PETER_SIG.replace("\n", "\r\n"),
        TEXT.replace("problem", "prob\tlem") + "\n" + PETER_SIG,
        "\n" + PETER_SIG);
  }

  @ParameterizedTest
  @MethodSource("otherMalformedNotes")
  void refusesOtherMalformedNotes(String msg) {
    assertThatThrownBy(() -> SignedNote.parse(msg)).isInstanceOf(MalformedNoteException.class);
  }

  @Test
  void refusesNoteLargerThanTheLimit() {
    String big = "x".repeat(SignedNote.MAX_SIZE) + "\n";

    assertThatThrownBy(() -> SignedNote.parse(big + "\n" + PETER_SIG))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("larger than");
    assertThatThrownBy(() -> SignedNote.sign(big, PETER_SIGNER))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("exceed");
  }

  @Test
  void refusesToSignTextsThatCannotBeNotes() {
    assertThatThrownBy(() -> SignedNote.sign("abc", PETER_SIGNER))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessage("note text must end with a newline");
    assertThatThrownBy(() -> SignedNote.sign("", PETER_SIGNER))
        .isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> SignedNote.sign("a\rb\n", PETER_SIGNER))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("U+000D");
    assertThatThrownBy(() -> SignedNote.sign("a\ud800\n", PETER_SIGNER))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> SignedNote.sign(TEXT, PETER_SIGNER, PETER_SIGNER))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("two signers share key");
  }

  @Test
  void refusesHandBuiltSignaturesThatGoSignWouldRefuse() {
    assertThatThrownBy(() -> new NoteSignature("a+b", 0, "ABCD"))
        .isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> new NoteSignature("PeterNeumann", 0xc74f20a3, "BADHASH="))
        .isInstanceOf(MalformedNoteException.class);
    assertThatThrownBy(() -> new NoteSignature("PeterNeumann", 0xc74f20a4, PETER.base64()))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("key id");
  }

  @Test
  void textWithBlankLinesAndTrailingBlankLineRoundTrips() {
    for (String text : List.of("a\n\nb\n", "a\n\n", "\n", "€ Ünïcödé 😂\n")) {
      SignedNote note = SignedNote.sign(text, PETER_SIGNER);

      VerifiedNote opened = SignedNote.open(note.encode(), NoteVerifiers.of(PETER_KEY));

      assertThat(opened.text()).isEqualTo(text);
      assertThat(SignedNote.parse(note.encode())).isEqualTo(note);
    }
  }
}
