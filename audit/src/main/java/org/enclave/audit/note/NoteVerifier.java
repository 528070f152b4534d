package org.enclave.audit.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of a note key: a key name and an Ed25519 public key (signature type 0x01).
 *
 * <p>Its text form, the <em>verifier key</em>, is {@code name+keyid+base64(0x01 || public key)}
 * with the key id as eight lowercase hex digits, exactly as Go's {@code
 * golang.org/x/mod/sumdb/note} writes it. This is what auditors are given to check checkpoints.
 * Instances are immutable and thread-safe.
 */
public final class NoteVerifier {

  /** Signature type byte of Ed25519 in C2SP signed-note. */
  public static final byte ALGORITHM_ED25519 = 0x01;

  /** Size of an Ed25519 public key, and of a private key seed. */
  public static final int KEY_SIZE = 32;

  /** Size of an Ed25519 signature. */
  public static final int SIGNATURE_SIZE = 64;

  private final String name;
  private final int keyId;
  private final byte[] publicKey;
  private final Ed25519PublicKeyParameters key;

  private NoteVerifier(String name, byte[] publicKey) {
    this.name = KeyNames.require(name);
    if (publicKey.length != KEY_SIZE) {
      throw new NoteKeyException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
    }
    try {
      this.key = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      throw new NoteKeyException("not a valid Ed25519 public key", e);
    }
    this.publicKey = publicKey.clone();
    this.keyId = keyId(name, publicKey);
  }

  /** A verifier for an Ed25519 public key under {@code name}. */
  public static NoteVerifier of(String name, byte[] publicKey) {
    return new NoteVerifier(name, publicKey.clone());
  }

  /**
   * Parses a verifier key {@code name+keyid+base64(0x01 || public key)}.
   *
   * @throws NoteKeyException if the name is invalid, the key id is not eight lowercase hex digits
   *     or does not match the key, the base64 is not canonical, the algorithm is not Ed25519, or
   *     the key has the wrong size
   */
  public static NoteVerifier parse(String verifierKey) {
    String[] parts = verifierKey.split("\\+", 3);
    if (parts.length != 3) {
      throw new NoteKeyException("a verifier key has the form name+keyid+base64key");
    }
    String name = KeyNames.require(parts[0]);
    int claimedId = parseKeyId(parts[1]);
    byte[] typedKey = decodeTypedKey(parts[2]);
    NoteVerifier verifier =
        new NoteVerifier(name, Arrays.copyOfRange(typedKey, 1, typedKey.length));
    if (verifier.keyId != claimedId) {
      throw new NoteKeyException("key id " + parts[1] + " does not match the key and name");
    }
    return verifier;
  }

  /** The key name, conventionally the log origin such as {@code enclave.example/audit}. */
  public String name() {
    return name;
  }

  /** The key id: the first four bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || key). */
  public int keyId() {
    return keyId;
  }

  /** The 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The verifier key string, {@code name+keyid+base64(0x01 || public key)}. */
  public String verifierKey() {
    return name + "+" + hexKeyId(keyId) + "+" + StrictBase64.encode(typed(publicKey));
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** Same name and same public key (the key id follows from both). */
  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier other
        && name.equals(other.name)
        && Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(publicKey);
  }

  /** The verifier key string: public, safe to log and print. */
  @Override
  public String toString() {
    return verifierKey();
  }

  /** Key id of an Ed25519 key as C2SP signed-note recommends and Go's note package computes. */
  static int keyId(String name, byte[] publicKey) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
    sha256.update(name.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(ALGORITHM_ED25519);
    byte[] hash = sha256.digest(publicKey);
    return (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | hash[3] & 0xff;
  }

  static String hexKeyId(int keyId) {
    return String.format("%08x", keyId);
  }

  static int parseKeyId(String hex) {
    if (hex.length() != 8
        || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
      throw new NoteKeyException("a key id is eight lowercase hex digits");
    }
    return Integer.parseUnsignedInt(hex, 16);
  }

  /**
   * Decodes {@code base64(0x01 || 32 bytes)}; the message never echoes the (possibly secret) key.
   */
  static byte[] decodeTypedKey(String base64) {
    Optional<byte[]> decoded = StrictBase64.decode(base64);
    if (decoded.isEmpty()) {
      throw new NoteKeyException("key data is not canonical standard base64");
    }
    byte[] typed = decoded.get();
    if (typed[0] != ALGORITHM_ED25519) {
      throw new NoteKeyException(
          String.format(
              "unknown key algorithm 0x%02x: only Ed25519 (0x01) is supported", typed[0]));
    }
    if (typed.length != 1 + KEY_SIZE) {
      throw new NoteKeyException(
          "an Ed25519 key is 32 bytes, got " + (typed.length - 1) + " after the algorithm byte");
    }
    return typed;
  }

  static byte[] typed(byte[] key) {
    byte[] typed = new byte[1 + key.length];
    typed[0] = ALGORITHM_ED25519;
    System.arraycopy(key, 0, typed, 1, key.length);
    return typed;
  }
}
