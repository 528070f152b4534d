package org.enclave.infra.aws.kms;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.enclave.infra.keys.KeyServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * A key whose private half never leaves KMS: an {@code ECC_NIST_EDWARDS25519} key signing pure
 * Ed25519 ({@code ED25519_SHA_512} over the {@code RAW} message).
 *
 * <p>The key is checked and its public key read once ({@code GetPublicKey}); signatures then name
 * the key by the ARN KMS reported, so an alias pointed elsewhere later cannot make this service
 * sign with a key other than the one whose public key it gave out. Every signature is verified
 * against that public key before it is returned.
 */
final class KmsSigningKey implements ConfiguredKey {
  /** KMS signs {@code RAW} messages of 0 to 4096 bytes (SignRequest.Message); larger is refused. */
  static final int MAX_RAW_MESSAGE = 4096;

  private static final int SIGNATURE_SIZE = 64;

  private final KmsClient kms;
  private final String name;
  private final String kmsKey;
  private volatile Checked checked;

  private record Checked(String keyArn, byte[] raw, Ed25519PublicKeyParameters key) {}

  KmsSigningKey(KmsClient kms, String name, String kmsKey) {
    this.kms = kms;
    this.name = name;
    this.kmsKey = kmsKey;
  }

  @Override
  public byte[] publicKey() {
    return checked().raw().clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    if (message.length > MAX_RAW_MESSAGE) {
      throw new KeyServiceException(
          "key "
              + name
              + " is held in KMS, which signs messages of at most "
              + MAX_RAW_MESSAGE
              + " bytes, and this one has "
              + message.length,
          null);
    }
    Checked key = checked();
    SignResponse response;
    try {
      response =
          kms.sign(
              b ->
                  b.keyId(key.keyArn())
                      .message(SdkBytes.fromByteArray(message))
                      .messageType(MessageType.RAW)
                      .signingAlgorithm(SigningAlgorithmSpec.ED25519_SHA_512));
    } catch (SdkException e) {
      throw KmsFailures.of(e, "Sign", name, kmsKey);
    }
    byte[] signature =
        response.signature() == null ? new byte[0] : response.signature().asByteArray();
    if (signature.length != SIGNATURE_SIZE) {
      throw new KeyServiceException(
          "KMS returned a "
              + signature.length
              + "-byte signature for key "
              + name
              + ", not a 64-byte Ed25519 signature",
          null);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key.key());
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new KeyServiceException(
          "KMS returned a signature for key "
              + name
              + " that does not verify under the public key of "
              + key.keyArn(),
          null);
    }
    return signature;
  }

  private Checked checked() {
    Checked c = checked;
    if (c == null) {
      synchronized (this) {
        c = checked;
        if (c == null) {
          c = check();
          checked = c;
        }
      }
    }
    return c;
  }

  private Checked check() {
    GetPublicKeyResponse response;
    try {
      response = kms.getPublicKey(b -> b.keyId(kmsKey));
    } catch (SdkException e) {
      throw KmsFailures.of(e, "GetPublicKey", name, kmsKey);
    }
    String key = "KMS key " + kmsKey + " (key " + name + ")";
    String wanted =
        ": configure an ECC_NIST_EDWARDS25519 key with key usage SIGN_VERIFY, or an envelope key";
    if (response.keySpec() != KeySpec.ECC_NIST_EDWARDS25519) {
      throw new KeyServiceException(
          key
              + " has key spec "
              + response.keySpecAsString()
              + ", not ECC_NIST_EDWARDS25519"
              + wanted,
          null);
    }
    if (response.keyUsage() != KeyUsageType.SIGN_VERIFY) {
      throw new KeyServiceException(
          key + " has key usage " + response.keyUsageAsString() + ", not SIGN_VERIFY" + wanted,
          null);
    }
    if (!response.signingAlgorithms().contains(SigningAlgorithmSpec.ED25519_SHA_512)) {
      throw new KeyServiceException(
          key
              + " does not offer signing algorithm ED25519_SHA_512 (it offers "
              + response.signingAlgorithmsAsStrings()
              + ")"
              + wanted,
          null);
    }
    if (response.publicKey() == null) {
      throw new KeyServiceException("KMS returned no public key for " + key, null);
    }
    byte[] raw = Ed25519Spki.rawKey(response.publicKey().asByteArray(), "the public key of " + key);
    String arn = response.keyId() == null || response.keyId().isBlank() ? kmsKey : response.keyId();
    return new Checked(arn, raw, new Ed25519PublicKeyParameters(raw, 0));
  }
}
