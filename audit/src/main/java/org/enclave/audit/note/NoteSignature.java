package org.enclave.audit.note;

import java.util.Arrays;
import java.util.Optional;

/**
 * One signature line of a signed note, verified or not: {@code — name base64(keyid || signature)}.
 *
 * @param name key name of the signer
 * @param keyId key id of the signer
 * @param base64 standard base64 of the 4-byte big-endian key id followed by the signature bytes
 */
public record NoteSignature(String name, int keyId, String base64) {

  /** The line prefix: em dash (U+2014) and space. */
  static final String PREFIX = "\u2014 ";

  public NoteSignature {
    if (!KeyNames.isValid(name)) {
      throw new MalformedNoteException("signature line has an invalid key name");
    }
    byte[] raw = decode(base64);
    if (raw.length < 5) {
      throw new MalformedNoteException("signature of " + name + " is shorter than 5 bytes");
    }
    if (readKeyId(raw) != keyId) {
      throw new MalformedNoteException("signature of " + name + " does not start with its key id");
    }
  }

  static NoteSignature of(String name, int keyId, byte[] signature) {
    byte[] raw = new byte[4 + signature.length];
    raw[0] = (byte) (keyId >>> 24);
    raw[1] = (byte) (keyId >>> 16);
    raw[2] = (byte) (keyId >>> 8);
    raw[3] = (byte) keyId;
    System.arraycopy(signature, 0, raw, 4, signature.length);
    return new NoteSignature(name, keyId, StrictBase64.encode(raw));
  }

  /** Parses a line without its final newline; {@link MalformedNoteException} if it is not one. */
  static NoteSignature parseLine(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new MalformedNoteException("a line after the blank line is not a signature line");
    }
    String rest = line.substring(PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new MalformedNoteException(
          "signature line has no space between key name and signature");
    }
    String name = rest.substring(0, space);
    if (!KeyNames.isValid(name)) {
      throw new MalformedNoteException("signature line has an invalid key name");
    }
    String base64 = rest.substring(space + 1);
    return new NoteSignature(name, readKeyId(decode(base64)), base64);
  }

  /** The signature bytes after the key id. */
  public byte[] signature() {
    byte[] raw = decode(base64);
    return Arrays.copyOfRange(raw, 4, raw.length);
  }

  /** Name and key id as {@code name+keyid}, the way errors and logs name a key. */
  public String keyLabel() {
    return name + "+" + NoteVerifier.hexKeyId(keyId);
  }

  /** The signature line including its final newline. */
  public String line() {
    return PREFIX + name + " " + base64 + "\n";
  }

  private static byte[] decode(String base64) {
    Optional<byte[]> raw = StrictBase64.decode(base64);
    if (raw.isEmpty()) {
      throw new MalformedNoteException("signature is not canonical standard base64");
    }
    return raw.get();
  }

  private static int readKeyId(byte[] raw) {
    if (raw.length < 5) {
      throw new MalformedNoteException("signature is shorter than 5 bytes");
    }
    return (raw[0] & 0xff) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8 | raw[3] & 0xff;
  }
}
