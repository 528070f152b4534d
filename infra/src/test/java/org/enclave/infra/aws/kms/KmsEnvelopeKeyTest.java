package org.enclave.infra.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.enclave.infra.aws.AwsStubHttpClient.Request;
import org.enclave.infra.aws.AwsStubHttpClient.Response;
import org.enclave.infra.aws.IamPolicyCoverage;
import org.enclave.infra.keys.KeyServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

@ExtendWith(IamPolicyCoverage.class)
class KmsEnvelopeKeyTest {
  private static final String KMS_KEY = "alias/enclave-keys";
  private static final String NAME = "broker-credentials";

  @TempDir Path dir;

  private final FakeKms kms = new FakeKms();
  private final byte[] seed = new byte[32];

  KmsEnvelopeKeyTest() {
    new SecureRandom().nextBytes(seed);
  }

  private KmsKeyService service(EnvelopeKey envelope) {
    return new KmsKeyService(kms.client(), Map.of(), Map.of(NAME, envelope));
  }

  private static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Test
  void decryptsTheSeedOnceUnderItsNameAndSignsInMemory() {
    String blob = kms.seal(KMS_KEY, Map.of("enclave:key", NAME), seed);
    KmsKeyService keys = service(EnvelopeKey.inline(KMS_KEY, blob));
    byte[] message = "AKIAENCLAVEWS0000001".getBytes(StandardCharsets.US_ASCII);

    byte[] publicKey = keys.publicKey(NAME);
    byte[] signature = keys.sign(NAME, message);
    keys.sign(NAME, message);

    assertThat(publicKey)
        .isEqualTo(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
    assertThat(verifies(publicKey, message, signature)).isTrue();
    assertThat(keys.sign(NAME, message)).as("deterministic").isEqualTo(signature);

    Request decrypt = kms.http.onlyRequest();
    assertThat(decrypt.target()).isEqualTo("TrentService.Decrypt");
    JsonNode body = FakeKms.body(decrypt);
    assertThat(body.get("KeyId").asText()).isEqualTo(KMS_KEY);
    assertThat(body.get("CiphertextBlob").asText()).isEqualTo(blob);
    assertThat(body.get("EncryptionContext"))
        .isEqualTo(FakeKms.JSON.valueToTree(Map.of("enclave:key", NAME)));
  }

  @Test
  void readsTheCiphertextFromAFileAsTheAwsCliWritesIt() throws Exception {
    String blob = kms.seal(KMS_KEY, Map.of("enclave:key", NAME), seed);
    Path file = dir.resolve("seed");
    Files.writeString(file, blob.substring(0, 20) + "\n" + blob.substring(20) + "\n");

    assertThat(service(EnvelopeKey.inFile(KMS_KEY, file)).publicKey(NAME))
        .isEqualTo(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
  }

  @Test
  void signsMessagesOfAnySize() {
    KmsKeyService keys =
        service(EnvelopeKey.inline(KMS_KEY, kms.seal(KMS_KEY, Map.of("enclave:key", NAME), seed)));
    byte[] large = new byte[10_000];

    assertThat(verifies(keys.publicKey(NAME), large, keys.sign(NAME, large))).isTrue();
  }

  @Test
  void aSeedMadeForAnotherKeyNameDoesNotDecryptAsThisOne() {
    String auditBlob = kms.seal(KMS_KEY, Map.of("enclave:key", "audit-log"), seed);
    KmsKeyService keys = service(EnvelopeKey.inline(KMS_KEY, auditBlob));

    assertThatThrownBy(() -> keys.sign(NAME, new byte[] {1}))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("does not decrypt under KMS key " + KMS_KEY)
        .hasMessageContaining("encryption context enclave:key=" + NAME)
        .hasMessageContaining("made for another key name")
        .hasCauseInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void refusesAPlaintextThatIsNotA32ByteSeed() {
    String blob = kms.seal(KMS_KEY, Map.of("enclave:key", NAME), new byte[16]);

    assertThatThrownBy(() -> service(EnvelopeKey.inline(KMS_KEY, blob)).publicKey(NAME))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("decrypts to 16 bytes, not a 32-byte Ed25519 seed");
  }

  @Test
  void refusesAMissingOrDamagedCiphertextWithoutCallingKms() throws Exception {
    Path missing = dir.resolve("missing");
    Path text = Files.writeString(dir.resolve("text"), "not base64!\n");

    assertThatThrownBy(() -> service(EnvelopeKey.inFile(KMS_KEY, missing)).publicKey(NAME))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("cannot read the ciphertext file " + missing);
    assertThatThrownBy(() -> service(EnvelopeKey.inFile(KMS_KEY, text)).publicKey(NAME))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("is not base64");
    assertThatThrownBy(() -> service(EnvelopeKey.inline(KMS_KEY, " ")).publicKey(NAME))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("is empty");
    assertThat(kms.http.requests()).isEmpty();
    assertThatThrownBy(() -> new EnvelopeKey(KMS_KEY, "AAAA", missing))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EnvelopeKey(" ", "AAAA", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeniedDecryptSaysWhichPermissionIsMissing() {
    kms.http.enqueue(
        Response.jsonError(400, "AccessDeniedException", "not authorized to perform: kms:Decrypt"));

    assertThatThrownBy(() -> service(EnvelopeKey.inline(KMS_KEY, "c2VlZA==")).publicKey(NAME))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("may not call kms:Decrypt on KMS key " + KMS_KEY + " (key " + NAME);
  }
}
