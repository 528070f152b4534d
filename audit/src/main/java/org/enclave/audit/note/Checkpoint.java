package org.enclave.audit.note;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A transparency-log checkpoint: the C2SP {@code tlog-checkpoint} note text.
 *
 * <pre>
 * enclave.example/audit      origin: the log's identity
 * 20852163                   tree size: decimal, no leading zeros
 * CsUYapGGPo4d...q2I=        root hash: base64 of the 32-byte RFC 9162 root
 * [extension lines]          optional, each non-empty
 * </pre>
 *
 * <p>Parsing is strict: exactly one spelling of a checkpoint is accepted, so that a checkpoint's
 * text, and therefore its signature, is unique. The origin is any non-empty line (the spec forbids
 * assuming more); Enclave names its log key after its origin, which {@link #open(byte[],
 * NoteVerifier)} checks.
 */
public final class Checkpoint {

  /** Size of a SHA-256 root hash. */
  public static final int HASH_SIZE = 32;

  private final String origin;
  private final long size;
  private final byte[] rootHash;
  private final List<String> extensions;

  private Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    this.origin = origin;
    this.size = size;
    this.rootHash = rootHash;
    this.extensions = extensions;
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, long size, byte[] rootHash) {
    return of(origin, size, rootHash, List.of());
  }

  /**
   * A checkpoint.
   *
   * @throws MalformedNoteException if the origin or an extension line is empty or contains a
   *     newline or another control character, the size is negative, or the root hash is not 32
   *     bytes
   */
  public static Checkpoint of(String origin, long size, byte[] rootHash, List<String> extensions) {
    requireLine(origin, "origin");
    if (size < 0) {
      throw new MalformedNoteException("tree size must not be negative");
    }
    if (rootHash.length != HASH_SIZE) {
      throw new MalformedNoteException("root hash must be 32 bytes, got " + rootHash.length);
    }
    List<String> lines = List.copyOf(extensions);
    lines.forEach(line -> requireLine(line, "extension line"));
    return new Checkpoint(origin, size, rootHash.clone(), lines);
  }

  /**
   * Parses a checkpoint note text (including its final newline).
   *
   * @throws MalformedNoteException if it has fewer than three lines, an empty line, a tree size
   *     that is not plain decimal without leading zeros (or exceeds 2^63-1), a root hash that is
   *     not canonical base64 of 32 bytes, or no final newline
   */
  public static Checkpoint parse(String text) {
    NoteText.requireText(text);
    List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
    if (lines.size() < 3) {
      throw new MalformedNoteException("a checkpoint has an origin, a tree size and a root hash");
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        throw new MalformedNoteException("checkpoint line " + (i + 1) + " is empty");
      }
    }
    long size = parseSize(lines.get(1));
    Optional<byte[]> root = StrictBase64.decode(lines.get(2));
    if (root.isEmpty() || root.get().length != HASH_SIZE) {
      throw new MalformedNoteException("root hash is not canonical base64 of 32 bytes");
    }
    return new Checkpoint(
        lines.get(0), size, root.get(), List.copyOf(lines.subList(3, lines.size())));
  }

  /**
   * Opens a signed checkpoint from Enclave's log: its origin must be the log key's name and the log
   * key must have signed it. Signatures by other keys (witnesses) are ignored.
   *
   * @throws MalformedNoteException if the note or the checkpoint is malformed
   * @throws NoteVerificationException if the log key did not sign it validly
   */
  public static Checkpoint open(byte[] signedNote, NoteVerifier logKey) {
    return open(signedNote, logKey.name(), logKey);
  }

  /**
   * Opens a signed checkpoint whose origin must be {@code origin} and which {@code logKey} must
   * have signed. Signatures by other keys are ignored.
   *
   * @throws MalformedNoteException if the note or the checkpoint is malformed
   * @throws NoteVerificationException if the log key did not sign it validly or the origin differs
   */
  public static Checkpoint open(byte[] signedNote, String origin, NoteVerifier logKey) {
    VerifiedNote note = SignedNote.open(signedNote, NoteVerifiers.of(logKey));
    Checkpoint checkpoint = parse(note.text());
    if (!checkpoint.origin.equals(origin)) {
      throw new NoteVerificationException(
          "checkpoint is for origin " + checkpoint.origin + ", expected " + origin);
    }
    return checkpoint;
  }

  /** Signs this checkpoint's text into a signed note. */
  public SignedNote sign(NoteSigner... signers) {
    return SignedNote.sign(toText(), signers);
  }

  /** The note text: origin, size, root hash, extension lines, each ending in a newline. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append(origin).append('\n');
    text.append(size).append('\n');
    text.append(StrictBase64.encode(rootHash)).append('\n');
    extensions.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /** The log's identity. */
  public String origin() {
    return origin;
  }

  /** Number of leaves in the tree. */
  public long size() {
    return size;
  }

  /** RFC 9162 root hash of the tree at this size. */
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** Extension lines, usually none. */
  public List<String> extensions() {
    return extensions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other
        && origin.equals(other.origin)
        && size == other.size
        && Arrays.equals(rootHash, other.rootHash)
        && extensions.equals(other.extensions);
  }

  @Override
  public int hashCode() {
    return ((origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash)) * 31
        + extensions.hashCode();
  }

  @Override
  public String toString() {
    return "Checkpoint[" + toText().replace('\n', ' ').trim() + "]";
  }

  private static long parseSize(String line) {
    boolean digits = line.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || line.length() > 1 && line.charAt(0) == '0') {
      throw new MalformedNoteException("tree size must be decimal digits without leading zeros");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new MalformedNoteException("tree size exceeds 2^63-1");
    }
  }

  private static void requireLine(String line, String what) {
    if (line.isEmpty()) {
      throw new MalformedNoteException(what + " must not be empty");
    }
    if (line.indexOf('\n') >= 0) {
      throw new MalformedNoteException(what + " must be a single line");
    }
    NoteText.requireCharacters(line, what);
  }
}
