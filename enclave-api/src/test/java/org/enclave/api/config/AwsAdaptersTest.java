package org.enclave.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.enclave.infra.keys.KeyService;
import org.enclave.infra.keys.KeyServiceException;
import org.enclave.infra.storage.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapters configuration builds reach the endpoint the SDK's standard settings name ({@code
 * aws.endpointUrl}, the system-property form of {@code AWS_ENDPOINT_URL}) with the buckets,
 * prefixes, region and keys of the settings. The endpoint answers as S3 and KMS do; every request
 * is recorded and checked.
 */
class AwsAdaptersTest {
  @TempDir Path dir;

  HttpServer server;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  volatile Function<Recorded, Answer> answers = r -> new Answer(200, Map.of(), new byte[0]);
  final Map<String, String> settings = new HashMap<>();
  final AwsSettings aws = new AwsSettings(k -> Optional.ofNullable(settings.get(k)));

  record Recorded(String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }
  }

  record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer json(int status, JsonObject body) {
      return new Answer(
          status,
          Map.of("Content-Type", "application/x-amz-json-1.1"),
          body.encode().getBytes(StandardCharsets.UTF_8));
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    System.setProperty("aws.endpointUrl", "http://localhost:" + server.getAddress().getPort());
    System.setProperty("aws.accessKeyId", "AKIDCONTROLPLANE");
    System.setProperty("aws.secretAccessKey", "control-plane-secret");
    settings.put("enclave.aws.region", "eu-west-2");
    settings.put("enclave.aws.s3.bucket", "enclave-data");
    settings.put("enclave.aws.s3.prefix", "prod/");
    settings.put("enclave.aws.s3.kms-key", "arn:aws:kms:eu-west-2:111122223333:key/data");
    settings.put("enclave.aws.s3.path-style", "true");
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.endpointUrl");
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    Map<String, String> headers = new HashMap<>();
    x.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    Recorded r =
        new Recorded(
            x.getRequestMethod(),
            x.getRequestURI().getRawPath(),
            headers,
            x.getRequestBody().readAllBytes());
    requests.add(r);
    Answer a = answers.apply(r);
    a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
    if (r.method().equals("HEAD")) {
      // The length of the object HEAD describes, not of this (empty) answer.
      x.sendResponseHeaders(a.status(), -1);
      x.close();
      return;
    }
    x.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    if (a.body().length > 0) {
      x.getResponseBody().write(a.body());
    }
    x.close();
  }

  /** S3's answers to the store's upload: the PutObject, then the HeadObject of what it stored. */
  private static Answer s3(Recorded r, byte[] content, String sha256) {
    if (r.method().equals("HEAD")) {
      return new Answer(
          200,
          Map.of(
              "Content-Length",
              Integer.toString(content.length),
              "ETag",
              "\"0123\"",
              "Last-Modified",
              "Sun, 06 Dec 2026 12:00:00 GMT",
              "x-amz-meta-sha256",
              sha256),
          new byte[0]);
    }
    return new Answer(200, Map.of("ETag", "\"0123\""), new byte[0]);
  }

  @Test
  void theObjectStoreWritesToTheConfiguredBucketPrefixAndKey() throws IOException {
    byte[] content = "{\"post\":1}\n".getBytes(StandardCharsets.UTF_8);
    String sha256 = sha256(content);
    answers = r -> s3(r, content, sha256);
    ObjectStore store = AwsAdapters.objectStore(aws);

    assertThat(store.put("posts/v1/a.jsonl", new ByteArrayInputStream(content), 1024).sha256())
        .isEqualTo(sha256);

    Recorded put = requests.get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.header("Host")).isEqualTo("localhost:" + server.getAddress().getPort());
    assertThat(put.path()).isEqualTo("/enclave-data/prod/posts/v1/a.jsonl");
    assertThat(put.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
    assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id"))
        .isEqualTo("arn:aws:kms:eu-west-2:111122223333:key/data");
    assertThat(put.header("x-amz-meta-sha256")).isEqualTo(sha256);
    assertThat(put.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDCONTROLPLANE/")
        .contains("/eu-west-2/s3/aws4_request");
    assertThat(requests.get(1).method()).isEqualTo("HEAD");
    assertThat(requests.get(1).path()).isEqualTo("/enclave-data/prod/posts/v1/a.jsonl");
  }

  @Test
  void restrictedObjectsGoToTheirOwnBucketWhenOneIsConfigured() throws IOException {
    settings.put("enclave.aws.s3.restricted-bucket", "enclave-gold");
    byte[] content = "id\tlabel\n".getBytes(StandardCharsets.UTF_8);
    String sha256 = sha256(content);
    answers = r -> s3(r, content, sha256);
    ObjectStore store = AwsAdapters.objectStore(aws);

    store.put("restricted/shared-tasks/t/gold/g", new ByteArrayInputStream(content), 1024);
    store.put("datasets/d/v/f", new ByteArrayInputStream(content), 1024);

    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "PUT /enclave-gold/prod/restricted/shared-tasks/t/gold/g",
            "HEAD /enclave-gold/prod/restricted/shared-tasks/t/gold/g",
            "PUT /enclave-data/prod/datasets/d/v/f",
            "HEAD /enclave-data/prod/datasets/d/v/f");
    assertThat(requests.get(0).header("x-amz-server-side-encryption-aws-kms-key-id"))
        .isEqualTo("arn:aws:kms:eu-west-2:111122223333:key/data");
  }

  @Test
  void withoutPathStyleTheBucketIsInTheHostName() {
    settings.remove("enclave.aws.s3.path-style");
    byte[] content = {1};
    answers = r -> s3(r, content, sha256(content));
    ObjectStore store = AwsAdapters.objectStore(aws);

    try {
      store.put("a", new ByteArrayInputStream(content), 10);
      // This machine resolves subdomains of localhost: the bucket arrived in the host name.
      assertThat(requests.get(0).header("Host")).startsWith("enclave-data.localhost:");
      assertThat(requests.get(0).path()).isEqualTo("/prod/a");
    } catch (IOException | RuntimeException e) {
      assertThat(e).hasStackTraceContaining("enclave-data.localhost");
      assertThat(requests).isEmpty();
    }
  }

  private static String sha256(byte[] content) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPathStyleSettingThatIsNotABooleanIsRefusedByName() {
    settings.put("enclave.aws.s3.path-style", "yes");

    assertThatThrownBy(() -> AwsAdapters.objectStore(aws))
        .hasMessageContaining("enclave.aws.s3.path-style must be true or false, not yes");
  }

  @Test
  void theAnchorLocksEachCheckpointInItsBucketForTheRetention() throws Exception {
    settings.put("enclave.aws.audit-anchor.bucket", "enclave-audit");
    settings.put("enclave.aws.audit-anchor.prefix", "checkpoints/");
    settings.put(
        "enclave.aws.audit-anchor.kms-key", "arn:aws:kms:eu-west-2:111122223333:key/audit");
    settings.put("enclave.aws.audit-anchor.retention", "7D");
    answers = r -> new Answer(200, Map.of("ETag", "\"0456\""), new byte[0]);

    AwsAdapters.anchor(aws).append(42, "enclave.example/log\n42\nAAAA\n");

    Recorded put = requests.get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.path()).startsWith("/enclave-audit/checkpoints/");
    assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
    assertThat(put.header("x-amz-object-lock-retain-until-date")).isNotBlank();
    assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id"))
        .isEqualTo("arn:aws:kms:eu-west-2:111122223333:key/audit");
    assertThat(put.header("If-None-Match")).isEqualTo("*");
  }

  @Test
  void anEnvelopeKeyIsDecryptedWithItsKmsKeyAndThenSignsLocally() throws IOException {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    byte[] blob = "ciphertext-blob-from-kms".getBytes(StandardCharsets.UTF_8);
    Path file =
        Files.writeString(dir.resolve("audit-log.seed"), Base64.getEncoder().encodeToString(blob));
    settings.put(
        "enclave.aws.kms.envelope-keys.audit-log.key",
        "arn:aws:kms:eu-west-2:111122223333:key/env");
    settings.put("enclave.aws.kms.envelope-keys.audit-log.ciphertext-file", file.toString());
    answers =
        r ->
            Answer.json(
                200,
                new JsonObject()
                    .put("KeyId", "arn:aws:kms:eu-west-2:111122223333:key/env")
                    .put("Plaintext", Base64.getEncoder().encodeToString(seed))
                    .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
    KeyService keys = AwsAdapters.keys(aws, List.of("audit-log"));

    byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
    byte[] signature = keys.sign("audit-log", message);

    Recorded decrypt = requests.get(0);
    assertThat(decrypt.header("X-Amz-Target")).isEqualTo("TrentService.Decrypt");
    assertThat(decrypt.header("Authorization")).contains("/eu-west-2/kms/aws4_request");
    assertThat(decrypt.json().getString("KeyId"))
        .isEqualTo("arn:aws:kms:eu-west-2:111122223333:key/env");
    assertThat(Base64.getDecoder().decode(decrypt.json().getString("CiphertextBlob")))
        .isEqualTo(blob);
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key.generatePublicKey());
    verifier.update(message, 0, message.length);
    assertThat(verifier.verifySignature(signature)).isTrue();
    assertThat(keys.publicKey("audit-log")).isEqualTo(key.generatePublicKey().getEncoded());
    assertThat(requests).hasSize(1);
  }

  @Test
  void aSigningKeyIsAskedOfKmsByItsConfiguredId() {
    settings.put("enclave.aws.kms.signing-keys.audit-log", "alias/enclave-audit");
    answers =
        r ->
            Answer.json(
                400,
                new JsonObject()
                    .put("__type", "NotFoundException")
                    .put(
                        "message",
                        "Alias arn:aws:kms:eu-west-2:111122223333:alias/enclave-audit"
                            + " is not found."));
    KeyService keys = AwsAdapters.keys(aws, List.of("audit-log"));

    assertThatThrownBy(() -> keys.publicKey("audit-log"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("alias/enclave-audit");
    Recorded get = requests.get(0);
    assertThat(get.header("X-Amz-Target")).isEqualTo("TrentService.GetPublicKey");
    assertThat(get.json().getString("KeyId")).isEqualTo("alias/enclave-audit");
  }
}
