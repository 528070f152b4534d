package org.enclave.audit.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines
 * {@code — name base64(keyid || signature)}, all valid UTF-8 without control characters other than
 * newline.
 *
 * <p>This class is stricter than Go's {@code golang.org/x/mod/sumdb/note} in two ways, both allowed
 * by the specification: a note may carry at most {@value #MAX_SIGNATURES} signatures and {@value
 * #MAX_SIZE} bytes, and two signature lines from the same key (name and key id) make the note
 * malformed where Go silently keeps the first. Base64 must be canonical (padded, no stray bits).
 *
 * <p>A parsed note is untrusted until {@link #verify(NoteVerifiers)} succeeds; only then use its
 * text. Instances are immutable.
 */
public final class SignedNote {

  /** Most signatures a note may carry (Go's limit; C2SP requires accepting at least 16). */
  public static final int MAX_SIGNATURES = 100;

  /** Largest encoded note accepted or produced, in bytes. */
  public static final int MAX_SIZE = 1 << 20;

  private final String text;
  private final List<NoteSignature> signatures;

  private SignedNote(String text, List<NoteSignature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
    if (this.signatures.isEmpty()) {
      throw new MalformedNoteException("a signed note needs at least one signature");
    }
    if (this.signatures.size() > MAX_SIGNATURES) {
      throw new MalformedNoteException("note has more than " + MAX_SIGNATURES + " signatures");
    }
    Set<String> keys = new HashSet<>();
    for (NoteSignature s : this.signatures) {
      if (!keys.add(s.keyLabel())) {
        throw new MalformedNoteException("note has two signatures from key " + s.keyLabel());
      }
    }
  }

  /**
   * Signs {@code text} with each signer, in order.
   *
   * @throws MalformedNoteException if the text does not end in a newline, contains a control
   *     character other than newline or an unpaired surrogate, two signers share a key, or the note
   *     would exceed {@value #MAX_SIZE} bytes
   */
  public static SignedNote sign(String text, NoteSigner... signers) {
    NoteText.requireText(text);
    return signed(text, List.of(), List.of(signers));
  }

  /**
   * This note with signatures by more keys (a cosignature, or a re-signature). A signer whose key
   * already signed replaces that signature; the other signatures are kept, new ones come last.
   */
  public SignedNote cosign(NoteSigner... signers) {
    return signed(text, signatures, List.of(signers));
  }

  private static SignedNote signed(
      String text, List<NoteSignature> signatures, List<NoteSigner> signers) {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("at least one signer is needed");
    }
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    Set<String> replaced = new HashSet<>();
    List<NoteSignature> added = new ArrayList<>();
    for (NoteSigner signer : signers) {
      NoteSignature s = NoteSignature.of(signer.name(), signer.keyId(), signer.sign(message));
      if (!replaced.add(s.keyLabel())) {
        throw new MalformedNoteException("two signers share key " + s.keyLabel());
      }
      added.add(s);
    }
    List<NoteSignature> all = new ArrayList<>();
    for (NoteSignature s : signatures) {
      if (!replaced.contains(s.keyLabel())) {
        all.add(s);
      }
    }
    all.addAll(added);
    SignedNote note = new SignedNote(text, all);
    if (note.encode().length > MAX_SIZE) {
      throw new MalformedNoteException("signed note would exceed " + MAX_SIZE + " bytes");
    }
    return note;
  }

  /**
   * Parses a signed note without verifying it.
   *
   * @throws MalformedNoteException if the note breaks any format rule
   */
  public static SignedNote parse(byte[] encoded) {
    if (encoded.length > MAX_SIZE) {
      throw new MalformedNoteException("note is larger than " + MAX_SIZE + " bytes");
    }
    String note = NoteText.decodeUtf8(encoded);
    NoteText.requireCharacters(note, "note");
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new MalformedNoteException("note has no blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    if (block.isEmpty() || block.charAt(block.length() - 1) != '\n') {
      throw new MalformedNoteException("note must end with a signature line and a newline");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    int start = 0;
    while (start < block.length()) {
      if (signatures.size() == MAX_SIGNATURES) {
        throw new MalformedNoteException("note has more than " + MAX_SIGNATURES + " signatures");
      }
      int end = block.indexOf('\n', start);
      signatures.add(NoteSignature.parseLine(block.substring(start, end)));
      start = end + 1;
    }
    return new SignedNote(text, signatures);
  }

  /** Parses a signed note given as text; see {@link #parse(byte[])}. */
  public static SignedNote parse(String encoded) {
    return parse(encoded.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses and verifies a signed note: {@code parse(encoded).verify(trusted)}.
   *
   * @throws MalformedNoteException if the note breaks a format rule
   * @throws NoteVerificationException if it fails verification
   */
  public static VerifiedNote open(byte[] encoded, NoteVerifiers trusted) {
    return parse(encoded).verify(trusted);
  }

  /**
   * Verifies the signatures against the trusted keys. Signatures from unknown keys (name and key id
   * not both matching a trusted key) are ignored; every signature from a trusted key must verify;
   * at least one must.
   *
   * @throws NoteVerificationException naming the key, if a trusted key's signature is invalid, the
   *     trusted keys are ambiguous, or no trusted key signed the note
   */
  public VerifiedNote verify(NoteVerifiers trusted) {
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    for (NoteSignature s : signatures) {
      NoteVerifier verifier = trusted.find(s.name(), s.keyId()).orElse(null);
      if (verifier == null) {
        unverified.add(s);
      } else if (verifier.verify(message, s.signature())) {
        verified.add(s);
      } else {
        throw new NoteVerificationException("invalid signature for key " + s.keyLabel());
      }
    }
    if (verified.isEmpty()) {
      throw new NoteVerificationException("note has no signature from a trusted key");
    }
    return new VerifiedNote(text, verified, unverified);
  }

  /** The note text, ending in a newline. Untrusted until verified. */
  public String text() {
    return text;
  }

  /** All signatures, in note order. */
  public List<NoteSignature> signatures() {
    return signatures;
  }

  /** The encoded note: text, blank line, signature lines, as UTF-8. */
  public byte[] encode() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The encoded note as text. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(text).append('\n');
    signatures.forEach(s -> out.append(s.line()));
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedNote other
        && text.equals(other.text)
        && signatures.equals(other.signatures);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + signatures.hashCode();
  }
}
