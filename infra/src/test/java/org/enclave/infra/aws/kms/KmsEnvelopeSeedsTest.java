package org.enclave.infra.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.enclave.infra.aws.AwsStubHttpClient.Request;
import org.enclave.infra.aws.AwsStubHttpClient.Response;
import org.enclave.infra.keys.KeyServiceException;
import org.junit.jupiter.api.Test;

/** The operator's tool; its GenerateDataKey is the operator's call, not the control plane's. */
class KmsEnvelopeSeedsTest {
  private static final String KMS_KEY = "alias/enclave-keys";

  private final FakeKms kms = new FakeKms();

  @Test
  void makesABlobBoundToItsNameThatTheKeyServiceUses() {
    EnvelopeSeeds.NewSeed created = EnvelopeSeeds.create(kms.client(), KMS_KEY, "audit-log");

    Request generate = kms.http.onlyRequest();
    assertThat(generate.target()).isEqualTo("TrentService.GenerateDataKey");
    JsonNode body = FakeKms.body(generate);
    assertThat(body.get("KeyId").asText()).isEqualTo(KMS_KEY);
    assertThat(body.get("NumberOfBytes").asInt()).isEqualTo(32);
    assertThat(body.get("EncryptionContext"))
        .isEqualTo(FakeKms.JSON.valueToTree(Map.of("enclave:key", "audit-log")));
    assertThat(created.publicKey())
        .isEqualTo(
            new Ed25519PrivateKeyParameters(kms.generated.get(0), 0)
                .generatePublicKey()
                .getEncoded());

    KmsKeyService keys =
        new KmsKeyService(
            kms.client(),
            Map.of(),
            Map.of("audit-log", EnvelopeKey.inline(KMS_KEY, created.ciphertext())));
    byte[] message = {7};
    assertThat(keys.publicKey("audit-log")).isEqualTo(created.publicKey());
    assertThat(verifies(created.publicKey(), message, keys.sign("audit-log", message))).isTrue();
  }

  @Test
  void refusesABadNameWithoutCallingKmsAndMapsKmsErrors() {
    assertThatThrownBy(() -> EnvelopeSeeds.create(kms.client(), KMS_KEY, "Audit"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(kms.http.requests()).isEmpty();

    kms.http.enqueue(Response.jsonError(400, "NotFoundException", "Alias is not found."));
    assertThatThrownBy(() -> EnvelopeSeeds.create(kms.client(), KMS_KEY, "audit-log"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("KMS key " + KMS_KEY + " (key audit-log) does not exist");
  }

  private static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }
}
