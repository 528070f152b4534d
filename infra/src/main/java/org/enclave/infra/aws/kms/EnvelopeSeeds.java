package org.enclave.infra.aws.kms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.enclave.infra.keys.KeyServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Creates the encrypted seed of an envelope key, for operators. KMS generates 32 random bytes and
 * returns them encrypted under a symmetric KMS key with encryption context {@code
 * enclave:key=<name>}, so that the blob decrypts only as the key it was made for.
 *
 * <p>With the operator's AWS credentials and region (the SDK's default chain):
 *
 * <pre>
 * ./mvnw -q -pl infra dependency:build-classpath -Dmdep.outputFile=/tmp/infra.cp
 * java -cp infra/target/classes:$(cat /tmp/infra.cp) org.enclave.infra.aws.kms.EnvelopeSeeds \
 *     alias/enclave-keys audit-log audit-log.seed
 * </pre>
 *
 * writes the base64 blob to {@code audit-log.seed} (never overwriting a file) and prints the public
 * key. The AWS CLI makes the same blob without printing the public key, and without the seed ever
 * reaching the operator's machine:
 *
 * <pre>
 * aws kms generate-data-key-without-plaintext --key-id alias/enclave-keys --number-of-bytes 32 \
 *     --encryption-context '{"enclave:key":"audit-log"}' --query CiphertextBlob --output text
 * </pre>
 */
public final class EnvelopeSeeds {
  /** The encryption context key binding a blob to its key name. */
  public static final String CONTEXT_KEY = "enclave:key";

  private EnvelopeSeeds() {}

  /** A new envelope seed: its ciphertext blob in base64, and the public key of the seed. */
  public record NewSeed(String ciphertext, byte[] publicKey) {}

  /** The encryption context of key {@code name}'s seed. */
  public static Map<String, String> encryptionContext(String name) {
    return Map.of(CONTEXT_KEY, name);
  }

  /** Has KMS generate a seed for key {@code name} under the symmetric key {@code kmsKey}. */
  public static NewSeed create(KmsClient kms, String kmsKey, String name) {
    KmsKeyService.checkName(name);
    GenerateDataKeyResponse response;
    try {
      response =
          kms.generateDataKey(
              b ->
                  b.keyId(kmsKey)
                      .numberOfBytes(Ed25519PrivateKeyParameters.KEY_SIZE)
                      .encryptionContext(encryptionContext(name)));
    } catch (SdkException e) {
      throw KmsFailures.of(e, "GenerateDataKey", name, kmsKey);
    }
    byte[] seed = response.plaintext().asByteArray();
    try {
      if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
        throw new KeyServiceException(
            "KMS generated " + seed.length + " bytes for key " + name + ", not 32", null);
      }
      byte[] publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
      return new NewSeed(
          Base64.getEncoder().encodeToString(response.ciphertextBlob().asByteArray()), publicKey);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** {@code EnvelopeSeeds <kms-key> <key-name> <output-file>}: see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: EnvelopeSeeds <kms-key> <key-name> <output-file>");
      System.exit(2);
    }
    Path out = Path.of(args[2]);
    if (Files.exists(out)) {
      System.err.println(out + " exists; refusing to replace a seed (its key would be lost)");
      System.exit(1);
    }
    NewSeed seed;
    try (KmsClient kms = KmsClient.create()) {
      seed = create(kms, args[0], args[1]);
    }
    Files.writeString(out, seed.ciphertext() + "\n", StandardCharsets.US_ASCII);
    System.out.println(
        "wrote "
            + out
            + "; public key of "
            + args[1]
            + ": "
            + Base64.getEncoder().encodeToString(seed.publicKey()));
  }
}
