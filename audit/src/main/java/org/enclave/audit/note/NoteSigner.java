package org.enclave.audit.note;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The private half of a note key: a key name and an Ed25519 private key, signing with BouncyCastle
 * (about twenty times the JDK's SunEC rate).
 *
 * <p>Its text form, the <em>signer key</em>, is {@code PRIVATE+KEY+name+keyid+base64(0x01 || seed)}
 * as in Go's {@code golang.org/x/mod/sumdb/note}; the key id is that of the public key. The signer
 * key is a secret: {@link #toString()} shows only the verifier key. Instances are immutable and
 * thread-safe.
 */
public final class NoteSigner {

  private static final String PREFIX = "PRIVATE+KEY+";

  /** The private key, or {@code null} when a key service holds it ({@link #remote}). */
  private final Ed25519PrivateKeyParameters key;

  private final UnaryOperator<byte[]> remote;
  private final NoteVerifier verifier;

  private NoteSigner(String name, byte[] seed) {
    KeyNames.require(name);
    if (seed.length != NoteVerifier.KEY_SIZE) {
      throw new NoteKeyException("an Ed25519 private key seed is 32 bytes, got " + seed.length);
    }
    this.key = new Ed25519PrivateKeyParameters(seed, 0);
    this.remote = null;
    this.verifier = NoteVerifier.of(name, key.generatePublicKey().getEncoded());
  }

  private NoteSigner(NoteVerifier verifier, UnaryOperator<byte[]> remote) {
    this.key = null;
    this.remote = remote;
    this.verifier = verifier;
  }

  /**
   * A signer whose private key stays in a key service (a local key file, a KMS): {@code sign}
   * returns the Ed25519 signature of a message. Every signature it returns is checked against
   * {@code publicKey} before use, so a misconfigured service cannot sign with another key.
   */
  public static NoteSigner remote(String name, byte[] publicKey, UnaryOperator<byte[]> sign) {
    return new NoteSigner(NoteVerifier.of(name, publicKey), sign);
  }

  /** A signer for the Ed25519 private key with this 32-byte seed (RFC 8032 private key). */
  public static NoteSigner fromSeed(String name, byte[] seed) {
    return new NoteSigner(name, seed);
  }

  /** A new random key under {@code name}. */
  public static NoteSigner generate(String name, SecureRandom random) {
    byte[] seed = new byte[NoteVerifier.KEY_SIZE];
    random.nextBytes(seed);
    try {
      return new NoteSigner(name, seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * Parses a signer key {@code PRIVATE+KEY+name+keyid+base64(0x01 || seed)}.
   *
   * @throws NoteKeyException if the prefix, name, key id, base64, algorithm or size is wrong, or
   *     the key id does not match the public key derived from the seed; the message never contains
   *     key material
   */
  public static NoteSigner parse(String signerKey) {
    if (!signerKey.startsWith(PREFIX)) {
      throw new NoteKeyException("a signer key starts with PRIVATE+KEY+");
    }
    String[] parts = signerKey.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3) {
      throw new NoteKeyException("a signer key has the form PRIVATE+KEY+name+keyid+base64key");
    }
    String name = KeyNames.require(parts[0]);
    int claimedId = NoteVerifier.parseKeyId(parts[1]);
    byte[] typedSeed = NoteVerifier.decodeTypedKey(parts[2]);
    byte[] seed = Arrays.copyOfRange(typedSeed, 1, typedSeed.length);
    try {
      NoteSigner signer = new NoteSigner(name, seed);
      if (signer.keyId() != claimedId) {
        throw new NoteKeyException("key id " + parts[1] + " does not match the key and name");
      }
      return signer;
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(typedSeed, (byte) 0);
    }
  }

  /** The key name. */
  public String name() {
    return verifier.name();
  }

  /** The key id, the same as the verifier's. */
  public int keyId() {
    return verifier.keyId();
  }

  /** The matching public verifier. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /**
   * The signer key string. It is secret: store it like a password, never log it.
   *
   * @throws IllegalStateException for a {@link #remote} signer, which has no key to give
   */
  public String signerKey() {
    if (key == null) {
      throw new IllegalStateException("the private key is held by a key service");
    }
    byte[] typedSeed = NoteVerifier.typed(key.getEncoded());
    try {
      return PREFIX
          + name()
          + "+"
          + NoteVerifier.hexKeyId(keyId())
          + "+"
          + StrictBase64.encode(typedSeed);
    } finally {
      Arrays.fill(typedSeed, (byte) 0);
    }
  }

  /** The 64-byte Ed25519 signature of {@code message} (deterministic, RFC 8032). */
  public byte[] sign(byte[] message) {
    if (remote != null) {
      byte[] signature = remote.apply(message);
      if (signature == null
          || signature.length != NoteVerifier.SIGNATURE_SIZE
          || !verifier.verify(message, signature)) {
        throw new NoteKeyException("the key service returned a signature that does not verify");
      }
      return signature;
    }
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Describes the key by its public half only. */
  @Override
  public String toString() {
    return "NoteSigner[" + verifier.verifierKey() + "]";
  }
}
