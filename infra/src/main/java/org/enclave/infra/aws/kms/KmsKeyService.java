package org.enclave.infra.aws.kms;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.enclave.infra.keys.KeyService;
import org.enclave.infra.keys.KeyServiceException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Ed25519 keys held by AWS KMS. Each key name is configured as exactly one of:
 *
 * <ul>
 *   <li>a <b>signing key</b> (preferred): an {@code ECC_NIST_EDWARDS25519} {@code SIGN_VERIFY} KMS
 *       key that signs itself ({@link KmsSigningKey}); its private key never leaves KMS, and a
 *       message can be at most 4096 bytes;
 *   <li>an <b>envelope key</b>: a 32-byte seed encrypted by a symmetric KMS key, decrypted once and
 *       then used in memory ({@link EnvelopeSigningKey}, {@link EnvelopeSeeds}).
 * </ul>
 *
 * <p>This service never creates keys: a name that is not configured is an error. The first use of a
 * key reaches KMS ({@code GetPublicKey} or {@code Decrypt}); {@link #checkAll} does that for every
 * key, so that a startup fails on a misconfigured key rather than the first signature. Calls go
 * through the given client, whose standard retry mode retries throttling and transient faults; what
 * still fails is a {@link KeyServiceException} saying what to fix.
 */
public final class KmsKeyService implements KeyService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final Map<String, ConfiguredKey> keys = new TreeMap<>();

  /**
   * @param kms the client, built with the region, credentials and endpoint to use
   * @param signingKeys key name → KMS key id, ARN or alias of an Ed25519 signing key
   * @param envelopeKeys key name → its encrypted seed
   */
  public KmsKeyService(
      KmsClient kms, Map<String, String> signingKeys, Map<String, EnvelopeKey> envelopeKeys) {
    signingKeys.forEach(
        (name, kmsKey) -> {
          checkName(name);
          if (kmsKey == null || kmsKey.isBlank()) {
            throw new IllegalArgumentException("signing key " + name + " names no KMS key");
          }
          keys.put(name, new KmsSigningKey(kms, name, kmsKey.strip()));
        });
    envelopeKeys.forEach(
        (name, envelope) -> {
          checkName(name);
          if (keys.containsKey(name)) {
            throw new IllegalArgumentException(
                "key " + name + " is configured both as a signing key and as an envelope key");
          }
          keys.put(name, new EnvelopeSigningKey(kms, name, envelope));
        });
  }

  @Override
  public byte[] publicKey(String keyName) {
    return key(keyName).publicKey();
  }

  @Override
  public byte[] sign(String keyName, byte[] message) {
    return key(keyName).sign(message);
  }

  /** Reaches KMS for every configured key now, failing on the first that cannot be used. */
  public void checkAll() {
    keys.values().forEach(ConfiguredKey::publicKey);
  }

  private ConfiguredKey key(String keyName) {
    checkName(keyName);
    ConfiguredKey key = keys.get(keyName);
    if (key == null) {
      throw new KeyServiceException(
          "key "
              + keyName
              + " is not configured for KMS (configured: "
              + (keys.isEmpty() ? "none" : String.join(", ", keys.keySet()))
              + "), and this key service never creates keys",
          null);
    }
    return key;
  }

  static void checkName(String keyName) {
    if (keyName == null || !NAME.matcher(keyName).matches()) {
      throw new IllegalArgumentException("key names are 1-64 lower-case letters, digits or dashes");
    }
  }
}
