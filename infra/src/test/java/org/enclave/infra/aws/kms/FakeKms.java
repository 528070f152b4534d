package org.enclave.infra.aws.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.enclave.infra.aws.AwsStubHttpClient;
import org.enclave.infra.aws.AwsStubHttpClient.Request;
import org.enclave.infra.aws.AwsStubHttpClient.Response;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * KMS as the wire sees it (awsJson 1.1, {@code TrentService.*}): one real Ed25519 signing key
 * answering GetPublicKey and Sign, and symmetric "encryption" for Decrypt and GenerateDataKey that,
 * like KMS, decrypts only under the key id and encryption context a blob was made with.
 */
final class FakeKms implements Function<Request, Response> {
  static final String KEY_ARN =
      "arn:aws:kms:eu-west-2:111122223333:key/0f0e0d0c-1111-4222-8333-444455556666";
  static final String SYMMETRIC_ARN =
      "arn:aws:kms:eu-west-2:111122223333:key/aaaabbbb-1111-4222-8333-444455556666";

  static final ObjectMapper JSON = new ObjectMapper();

  final Ed25519PrivateKeyParameters signingKey =
      new Ed25519PrivateKeyParameters(new SecureRandom());
  final AwsStubHttpClient http = new AwsStubHttpClient().answerWith(this);
  String keySpec = "ECC_NIST_EDWARDS25519";
  String keyUsage = "SIGN_VERIFY";
  List<String> signingAlgorithms = List.of("ED25519_SHA_512", "ED25519_PH_SHA_512");
  byte[] spki;
  final List<byte[]> generated = new ArrayList<>();

  private final Map<String, Sealed> sealed = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  private record Sealed(String keyId, JsonNode context, byte[] plaintext) {}

  FakeKms() {
    try {
      spki =
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(signingKey.generatePublicKey())
              .getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KmsClient client() {
    return KmsClient.builder()
        .httpClient(http)
        .region(Region.EU_WEST_2)
        .credentialsProvider(AwsStubHttpClient.credentials())
        .build();
  }

  byte[] rawPublicKey() {
    return signingKey.generatePublicKey().getEncoded();
  }

  /** A blob that decrypts to {@code plaintext} under {@code keyId} and {@code context} only. */
  String seal(String keyId, Map<String, String> context, byte[] plaintext) {
    byte[] blob = new byte[48];
    random.nextBytes(blob);
    String b64 = Base64.getEncoder().encodeToString(blob);
    sealed.put(b64, new Sealed(keyId, JSON.valueToTree(context), plaintext.clone()));
    return b64;
  }

  static JsonNode body(Request request) {
    try {
      return JSON.readTree(request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Response apply(Request request) {
    JsonNode in = body(request);
    ObjectNode out = JSON.createObjectNode();
    switch (request.target()) {
      case "TrentService.GetPublicKey" -> {
        out.put("KeyId", KEY_ARN);
        out.put("KeySpec", keySpec);
        out.put("CustomerMasterKeySpec", keySpec);
        out.put("KeyUsage", keyUsage);
        out.put("PublicKey", Base64.getEncoder().encodeToString(spki));
        signingAlgorithms.forEach(out.putArray("SigningAlgorithms")::add);
      }
      case "TrentService.Sign" -> {
        byte[] message = Base64.getDecoder().decode(in.get("Message").asText());
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, signingKey);
        signer.update(message, 0, message.length);
        out.put("KeyId", KEY_ARN);
        out.put("Signature", Base64.getEncoder().encodeToString(signer.generateSignature()));
        out.put("SigningAlgorithm", in.get("SigningAlgorithm").asText());
      }
      case "TrentService.Decrypt" -> {
        Sealed s = sealed.get(in.get("CiphertextBlob").asText());
        JsonNode context =
            in.has("EncryptionContext") ? in.get("EncryptionContext") : JSON.createObjectNode();
        if (s == null || !s.context().equals(context)) {
          return Response.jsonError(400, "InvalidCiphertextException", "");
        }
        if (!s.keyId().equals(in.path("KeyId").asText())) {
          return Response.jsonError(
              400,
              "IncorrectKeyException",
              "The key ID in the request does not identify a KMS key that can perform this operation.");
        }
        out.put("KeyId", SYMMETRIC_ARN);
        out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        out.put("Plaintext", Base64.getEncoder().encodeToString(s.plaintext()));
      }
      case "TrentService.GenerateDataKey" -> {
        byte[] plaintext = new byte[in.get("NumberOfBytes").asInt()];
        random.nextBytes(plaintext);
        Map<String, String> context = new HashMap<>();
        in.path("EncryptionContext")
            .fields()
            .forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        out.put("CiphertextBlob", seal(in.get("KeyId").asText(), context, plaintext));
        out.put("KeyId", SYMMETRIC_ARN);
        out.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        generated.add(plaintext);
      }
      default -> {
        return Response.jsonError(400, "UnknownOperationException", request.target());
      }
    }
    return Response.json(200, out.toString());
  }
}
