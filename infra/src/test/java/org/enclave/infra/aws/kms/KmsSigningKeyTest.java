package org.enclave.infra.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.enclave.infra.aws.AwsStubHttpClient.Request;
import org.enclave.infra.aws.AwsStubHttpClient.Response;
import org.enclave.infra.aws.IamPolicyCoverage;
import org.enclave.infra.keys.KeyServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.kms.model.KmsException;

@ExtendWith(IamPolicyCoverage.class)
class KmsSigningKeyTest {
  private static final String ALIAS = "alias/enclave-audit";

  private final FakeKms kms = new FakeKms();

  private KmsKeyService service() {
    return new KmsKeyService(kms.client(), Map.of("audit-log", ALIAS), Map.of());
  }

  private static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Test
  void signsInKmsWithPureEd25519VerifiableUnderTheReportedKey() {
    byte[] message = "enclave.example/audit\n42\nq83Q…=\n".getBytes(StandardCharsets.UTF_8);
    KmsKeyService keys = service();

    byte[] publicKey = keys.publicKey("audit-log");
    byte[] signature = keys.sign("audit-log", message);

    assertThat(publicKey).isEqualTo(kms.rawPublicKey()).hasSize(32);
    assertThat(signature).hasSize(64);
    assertThat(verifies(publicKey, message, signature)).isTrue();

    List<Request> requests = kms.http.requests();
    assertThat(requests)
        .extracting(Request::target)
        .containsExactly("TrentService.GetPublicKey", "TrentService.Sign");
    Request getPublicKey = requests.get(0);
    assertThat(getPublicKey.header("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(FakeKms.body(getPublicKey).get("KeyId").asText()).isEqualTo(ALIAS);

    JsonNode sign = FakeKms.body(requests.get(1));
    assertThat(sign.get("KeyId").asText())
        .as("signs with the key whose public key it reported, not whatever the alias names now")
        .isEqualTo(FakeKms.KEY_ARN);
    assertThat(sign.get("MessageType").asText()).isEqualTo("RAW");
    assertThat(sign.get("SigningAlgorithm").asText()).isEqualTo("ED25519_SHA_512");
    assertThat(sign.get("Message").asText()).isEqualTo(Base64.getEncoder().encodeToString(message));
    assertThat(requests.get(1).header("Authorization").orElseThrow())
        .as("a SigV4-signed request for KMS")
        .contains("AWS4-HMAC-SHA256", "/eu-west-2/kms/aws4_request");
  }

  @Test
  void readsThePublicKeyOnceAndSignsWithoutAskingAgain() {
    KmsKeyService keys = service();
    byte[] message = "note".getBytes(StandardCharsets.UTF_8);

    keys.sign("audit-log", message);
    keys.sign("audit-log", message);
    keys.publicKey("audit-log");
    keys.publicKey("audit-log");

    assertThat(kms.http.requests())
        .extracting(Request::target)
        .containsExactly("TrentService.GetPublicKey", "TrentService.Sign", "TrentService.Sign");
  }

  @Test
  void checkAllReachesKmsForEveryKeyAtStartup() {
    KmsKeyService keys =
        new KmsKeyService(
            kms.client(), Map.of("audit-log", ALIAS, "broker-credentials", "alias/b"), Map.of());

    keys.checkAll();

    assertThat(kms.http.requests())
        .extracting(r -> FakeKms.body(r).get("KeyId").asText())
        .containsExactlyInAnyOrder(ALIAS, "alias/b");
  }

  @Test
  void refusesAKeyOfAnotherSpecNamingIt() {
    kms.keySpec = "ECC_NIST_P256";

    assertThatThrownBy(() -> service().sign("audit-log", new byte[] {1}))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining(ALIAS)
        .hasMessageContaining("audit-log")
        .hasMessageContaining("key spec ECC_NIST_P256, not ECC_NIST_EDWARDS25519");
    assertThat(kms.http.requests())
        .extracting(Request::target)
        .as("never signs with a key it has not checked")
        .containsExactly("TrentService.GetPublicKey");
  }

  @Test
  void refusesAKeyNotForSigning() {
    kms.keyUsage = "ENCRYPT_DECRYPT";

    assertThatThrownBy(() -> service().publicKey("audit-log"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("key usage ENCRYPT_DECRYPT, not SIGN_VERIFY")
        .hasMessageContaining(ALIAS);
  }

  @Test
  void refusesAKeyWithoutPureEd25519() {
    kms.signingAlgorithms = List.of("ED25519_PH_SHA_512");

    assertThatThrownBy(() -> service().publicKey("audit-log"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("does not offer signing algorithm ED25519_SHA_512")
        .hasMessageContaining("[ED25519_PH_SHA_512]");
  }

  @Test
  void anUnknownNameIsAnErrorListingTheConfiguredOnesAndNeverCreatesAKey() {
    KmsKeyService keys =
        new KmsKeyService(
            kms.client(),
            Map.of("audit-log", ALIAS),
            Map.of("broker-credentials", EnvelopeKey.inline("alias/k", "AAAA")));

    assertThatThrownBy(() -> keys.publicKey("other"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("key other is not configured")
        .hasMessageContaining("configured: audit-log, broker-credentials")
        .hasMessageContaining("never creates keys");
    assertThat(kms.http.requests()).isEmpty();
  }

  @Test
  void refusesBadNamesAndAmbiguousConfiguration() {
    KmsKeyService keys = service();
    for (String bad : new String[] {"", "../x", "Audit", "a/b", "x".repeat(65)}) {
      assertThatThrownBy(() -> keys.publicKey(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new KmsKeyService(kms.client(), Map.of("Audit", ALIAS), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new KmsKeyService(
                    kms.client(),
                    Map.of("audit-log", ALIAS),
                    Map.of("audit-log", EnvelopeKey.inline("alias/k", "AAAA"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both as a signing key and as an envelope key");
  }

  static Stream<Arguments> malformedPublicKeys() throws Exception {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    ASN1ObjectIdentifier ed25519 = new ASN1ObjectIdentifier("1.3.101.112");
    byte[] good = new SubjectPublicKeyInfo(new AlgorithmIdentifier(ed25519), raw).getEncoded();
    byte[] trailing = new byte[good.length + 1];
    System.arraycopy(good, 0, trailing, 0, good.length);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    return Stream.of(
        Arguments.of("not DER", new byte[] {1, 2, 3, 4}, "not a DER SubjectPublicKeyInfo"),
        Arguments.of(
            "a P-256 key",
            ec.generateKeyPair().getPublic().getEncoded(),
            "not an Ed25519 key (algorithm 1.2.840.10045.2.1"),
        Arguments.of(
            "Ed448",
            new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.113")), new byte[57])
                .getEncoded(),
            "not an Ed25519 key (algorithm 1.3.101.113"),
        Arguments.of(
            "a 31-byte key",
            new SubjectPublicKeyInfo(new AlgorithmIdentifier(ed25519), new byte[31]).getEncoded(),
            "holds a 31-byte key"),
        Arguments.of(
            "parameters",
            new SubjectPublicKeyInfo(new AlgorithmIdentifier(ed25519, DERNull.INSTANCE), raw)
                .getEncoded(),
            "has algorithm parameters"),
        Arguments.of("trailing bytes", trailing, "not a DER SubjectPublicKeyInfo"),
        Arguments.of(
            "64 bytes that end in a key",
            concat(new byte[32], raw),
            "not a DER SubjectPublicKeyInfo"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPublicKeys")
  void refusesAPublicKeyThatIsNotAnEd25519Spki(String what, byte[] der, String expected) {
    kms.spki = der;

    assertThatThrownBy(() -> service().publicKey("audit-log"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("the public key of KMS key " + ALIAS + " (key audit-log)")
        .hasMessageContaining(expected);
  }

  @Test
  void refusesASignatureOfTheWrongLength() {
    KmsKeyService keys = service();
    keys.publicKey("audit-log");
    kms.http.enqueue(
        Response.json(
            200,
            "{\"KeyId\":\""
                + FakeKms.KEY_ARN
                + "\",\"Signature\":\""
                + Base64.getEncoder().encodeToString(new byte[63])
                + "\",\"SigningAlgorithm\":\"ED25519_SHA_512\"}"));

    assertThatThrownBy(() -> keys.sign("audit-log", new byte[] {1}))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("63-byte signature for key audit-log");
  }

  @Test
  void refusesASignatureThatDoesNotVerifyUnderTheReportedKey() {
    KmsKeyService keys = service();
    keys.publicKey("audit-log");
    byte[] message = {1, 2, 3};
    Ed25519Signer other = new Ed25519Signer();
    other.init(true, new Ed25519PrivateKeyParameters(new SecureRandom()));
    other.update(message, 0, message.length);
    kms.http.enqueue(
        Response.json(
            200,
            "{\"KeyId\":\""
                + FakeKms.KEY_ARN
                + "\",\"Signature\":\""
                + Base64.getEncoder().encodeToString(other.generateSignature())
                + "\",\"SigningAlgorithm\":\"ED25519_SHA_512\"}"));

    assertThatThrownBy(() -> keys.sign("audit-log", message))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("does not verify under the public key of " + FakeKms.KEY_ARN);
  }

  @Test
  void signsMessagesUpToKmsRawLimitAndRefusesLargerOnesWithoutCallingKms() {
    KmsKeyService keys = service();
    byte[] atLimit = new byte[4096];
    new SecureRandom().nextBytes(atLimit);

    assertThat(verifies(keys.publicKey("audit-log"), atLimit, keys.sign("audit-log", atLimit)))
        .isTrue();
    int before = kms.http.requests().size();
    assertThatThrownBy(() -> keys.sign("audit-log", new byte[4097]))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("at most 4096 bytes")
        .hasMessageContaining("4097");
    assertThat(kms.http.requests()).hasSize(before);
  }

  static Stream<Arguments> kmsErrors() {
    return Stream.of(
        Arguments.of(
            "NotFoundException",
            "Alias arn:aws:kms:eu-west-2:111122223333:alias/enclave-audit is not found.",
            "does not exist in this account and region"),
        Arguments.of("DisabledException", "arn:aws:kms:… is disabled.", "is disabled: enable it"),
        Arguments.of(
            "KMSInvalidStateException",
            "arn:aws:kms:… is pending deletion.",
            "cancel its deletion"),
        Arguments.of(
            "AccessDeniedException",
            "User: arn:aws:sts::111122223333:assumed-role/enclave-control-plane/i-0 is not"
                + " authorized to perform: kms:GetPublicKey",
            "may not call kms:GetPublicKey on KMS key " + ALIAS),
        Arguments.of(
            "InvalidKeyUsageException",
            "arn:aws:kms:… key usage is ENCRYPT_DECRYPT which is not valid for GetPublicKey.",
            "a signing key must be ECC_NIST_EDWARDS25519 with key usage SIGN_VERIFY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kmsErrors")
  void mapsKmsErrorsToWhatToFixAndTriesAgainOnTheNextUse(
      String type, String message, String expected) {
    KmsKeyService keys = service();
    kms.http.enqueue(Response.jsonError(400, type, message));

    assertThatThrownBy(() -> keys.publicKey("audit-log"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("audit-log")
        .hasMessageContaining(expected)
        .hasMessageContaining("(" + type + ": " + message + ")")
        .cause()
        .isInstanceOfSatisfying(
            KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type));
    assertThat(kms.http.requests()).as("a client error is not retried").hasSize(1);

    assertThat(keys.publicKey("audit-log"))
        .as("a failure is not cached")
        .isEqualTo(kms.rawPublicKey());
  }

  @Test
  void throttlingIsRetriedByTheSdk() {
    kms.http.enqueue(Response.jsonError(400, "ThrottlingException", "Rate exceeded"));

    assertThat(service().publicKey("audit-log")).isEqualTo(kms.rawPublicKey());
    assertThat(kms.http.requests())
        .extracting(Request::target)
        .containsExactly("TrentService.GetPublicKey", "TrentService.GetPublicKey");
  }
}
