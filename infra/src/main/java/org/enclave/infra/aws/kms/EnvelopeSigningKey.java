package org.enclave.infra.aws.kms;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.enclave.infra.keys.KeyServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/**
 * A key whose 32-byte Ed25519 seed is stored encrypted by KMS, decrypted once ({@code Decrypt} with
 * encryption context {@code enclave:key=<name>}) and then held only in this process's memory;
 * signatures are made here. For partitions and regions without {@code ECC_NIST_EDWARDS25519}.
 */
final class EnvelopeSigningKey implements ConfiguredKey {
  private final KmsClient kms;
  private final String name;
  private final EnvelopeKey envelope;
  private volatile Ed25519PrivateKeyParameters seed;

  EnvelopeSigningKey(KmsClient kms, String name, EnvelopeKey envelope) {
    this.kms = kms;
    this.name = name;
    this.envelope = envelope;
  }

  @Override
  public byte[] publicKey() {
    return seed().generatePublicKey().getEncoded();
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, seed());
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  private Ed25519PrivateKeyParameters seed() {
    Ed25519PrivateKeyParameters s = seed;
    if (s == null) {
      synchronized (this) {
        s = seed;
        if (s == null) {
          s = decrypt();
          seed = s;
        }
      }
    }
    return s;
  }

  private Ed25519PrivateKeyParameters decrypt() {
    byte[] blob = envelope.ciphertextBlob(name);
    DecryptResponse response;
    try {
      response =
          kms.decrypt(
              b ->
                  b.keyId(envelope.kmsKey())
                      .ciphertextBlob(SdkBytes.fromByteArray(blob))
                      .encryptionContext(EnvelopeSeeds.encryptionContext(name)));
    } catch (SdkException e) {
      throw KmsFailures.of(e, "Decrypt", name, envelope.kmsKey());
    }
    byte[] plain = response.plaintext() == null ? new byte[0] : response.plaintext().asByteArray();
    try {
      if (plain.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
        throw new KeyServiceException(
            "the envelope ciphertext of key "
                + name
                + " decrypts to "
                + plain.length
                + " bytes, not a 32-byte Ed25519 seed: create it with EnvelopeSeeds",
            null);
      }
      return new Ed25519PrivateKeyParameters(plain, 0);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}
