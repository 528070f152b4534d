package org.enclave.api.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The broker inside the control plane: grants, revocation, expiry, agreements and restricted data
 * decided by the real governance records, and every read in the real audit log.
 */
@QuarkusTest
class BrokerGovernanceTest {
  private static final byte[] POSTS =
      "{\"post\":1}\n{\"post\":2}\n".getBytes(StandardCharsets.UTF_8);

  @Inject BrokerEndpoints endpoints;

  private static Map<String, byte[]> files() {
    Map<String, byte[]> f = new TreeMap<>();
    f.put("train/posts.jsonl", POSTS);
    f.put("README.md", "# test\n".getBytes(StandardCharsets.UTF_8));
    f.put("gold/labels.tsv", "u1\ta\n".getBytes(StandardCharsets.UTF_8));
    return f;
  }

  private S3Client open(BrokerScene scene, String workspace) {
    return BrokerHarness.client(endpoints.openLoopback(scene.workspace(workspace), 0));
  }

  @Test
  void grantedVersionIsReadableAndEveryReadIsAudited() {
    BrokerScene scene = new BrokerScene(Api.unique("posts"), files()).grant(null);
    long head = AuditTrail.head();
    String ws = Api.unique("ws");
    try (S3Client s3 = open(scene, ws)) {
      assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(scene.bucket());
      assertThat(s3.listObjectsV2(r -> r.bucket(scene.bucket())).contents())
          .extracting(S3Object::key)
          .containsExactly("README.md", "train/posts.jsonl");
      assertThat(
              s3.getObjectAsBytes(r -> r.bucket(scene.bucket()).key("train/posts.jsonl"))
                  .asByteArray())
          .isEqualTo(POSTS);
    } finally {
      endpoints.close(ws);
    }
    List<Map<String, Object>> reads =
        AuditTrail.after(head, Map.of("action", "dataset.object.read", "teamId", scene.teamId));
    assertThat(reads).hasSize(1);
    Map<String, Object> e = reads.get(0);
    assertThat(e.get("outcome")).isEqualTo("ALLOW");
    assertThat(e.get("actor")).isEqualTo(scene.lead);
    assertThat(e.get("datasetId")).isEqualTo(scene.datasetId);
    assertThat((String) e.get("resourceId")).isEqualTo(scene.bucket() + "/train/posts.jsonl");
  }

  @Test
  void revokedGrantStopsTheNextRead() {
    BrokerScene scene = new BrokerScene(Api.unique("posts"), files()).grant(null);
    String ws = Api.unique("ws");
    try (S3Client s3 = open(scene, ws)) {
      s3.headObject(r -> r.bucket(scene.bucket()).key("train/posts.jsonl"));
      scene.revoke();
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket(scene.bucket()).key("train/posts.jsonl")),
          403,
          "AccessDenied");
      assertThatThrownBy(() -> s3.headObject(r -> r.bucket(scene.bucket()).key("README.md")))
          .as("a HEAD has no body: the reason travels in headers")
          .isInstanceOfSatisfying(
              S3Exception.class,
              e ->
                  assertThat(
                          e.awsErrorDetails()
                              .sdkHttpResponse()
                              .firstMatchingHeader("x-enclave-error-message"))
                      .hasValueSatisfying(m -> assertThat(m).contains("grant", "revoked")));
      assertThat(s3.listBuckets().buckets())
          .extracting(Bucket::name)
          .doesNotContain(scene.bucket());
    } finally {
      endpoints.close(ws);
    }
    long denials =
        AuditTrail.after(-1, Map.of("outcome", "DENY", "teamId", scene.teamId)).stream()
            .filter(e -> String.valueOf(e.get("reason")).contains("revoked"))
            .count();
    assertThat(denials).isGreaterThanOrEqualTo(1);
  }

  @Test
  void expiredGrantIsRefused() throws InterruptedException {
    BrokerScene scene =
        new BrokerScene(Api.unique("posts"), files()).grant(Instant.now().plusSeconds(3));
    String ws = Api.unique("ws");
    try (S3Client s3 = open(scene, ws)) {
      s3.headObject(r -> r.bucket(scene.bucket()).key("README.md"));
      Thread.sleep(3500);
      assertS3Error(() -> s3.headObject(r -> r.bucket(scene.bucket()).key("README.md")), 403, null);
    } finally {
      endpoints.close(ws);
    }
  }

  @Test
  void newAgreementVersionStopsReadsUntilTheOwnerAccepts() {
    BrokerScene scene = new BrokerScene(Api.unique("posts"), files()).grant(null);
    String ws = Api.unique("ws");
    try (S3Client s3 = open(scene, ws)) {
      s3.getObjectAsBytes(r -> r.bucket(scene.bucket()).key("README.md"));
      scene.publishAgreement("Version two: stricter terms.");
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket(scene.bucket()).key("README.md")),
          403,
          "AccessDenied");
      scene.accept(2, scene.lead);
      assertThat(s3.getObjectAsBytes(r -> r.bucket(scene.bucket()).key("README.md")).asUtf8String())
          .isEqualTo("# test\n");
    } finally {
      endpoints.close(ws);
    }
  }

  @Test
  void restrictedDataIsNeverServedEvenWhenGranted() {
    BrokerScene gold = new BrokerScene("broker-test-gold", files()).grant(null);
    BrokerScene posts = new BrokerScene(Api.unique("posts"), files()).grant(null);
    String ws = Api.unique("ws");
    try (S3Client s3 = open(gold, ws)) {
      assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(gold.bucket());
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket(gold.bucket()).key("train/posts.jsonl")),
          404,
          "NoSuchBucket");
    } finally {
      endpoints.close(ws);
    }
    String ws2 = Api.unique("ws");
    try (S3Client s3 = open(posts, ws2)) {
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket(posts.bucket()).key("gold/labels.tsv")),
          404,
          "NoSuchKey");
      assertThat(s3.listObjectsV2(r -> r.bucket(posts.bucket()).prefix("gold/")).contents())
          .isEmpty();
    } finally {
      endpoints.close(ws2);
    }
  }

  @Test
  void anotherTeamsWorkspaceSeesNothing() {
    BrokerScene mine = new BrokerScene(Api.unique("posts"), files()).grant(null);
    BrokerScene theirs = new BrokerScene(Api.unique("posts"), files());
    String ws = Api.unique("ws");
    try (S3Client s3 = BrokerHarness.client(endpoints.openLoopback(theirs.workspace(ws), 0))) {
      assertThat(s3.listBuckets().buckets()).isEmpty();
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket(mine.bucket()).key("README.md")),
          404,
          "NoSuchBucket");
    } finally {
      endpoints.close(ws);
    }
  }

  @Test
  void servesOverTheWorkspacesUnixSocket() throws IOException {
    BrokerScene scene = new BrokerScene(Api.unique("posts"), files()).grant(null);
    String ws = Api.unique("ws");
    Path socket = Path.of("target", "broker-sockets", ws + ".sock");
    WorkspaceCredentials c = endpoints.open(scene.workspace(ws), socket);
    try {
      String path = "/" + scene.bucket() + "/train/posts.jsonl";
      RawHttp.Response r =
          RawHttp.send(
              UnixDomainSocketAddress.of(socket),
              "GET",
              path,
              BrokerServerTest.signed(c, "GET", path, null, Map.of()));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(POSTS);
      assertThat(r.header("etag")).hasSize(66);
    } finally {
      endpoints.close(ws);
    }
    assertThat(Files.exists(socket)).isFalse();
  }

  private static void assertS3Error(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              }
            });
  }
}
