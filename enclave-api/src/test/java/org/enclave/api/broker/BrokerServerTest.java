package org.enclave.api.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The broker over real sockets, driven by the AWS SDK's S3 client and presigner and by hand-made
 * HTTP for what no client would send.
 */
class BrokerServerTest {
  @TempDir static Path dir;
  static BrokerHarness broker;
  static WorkspaceCredentials a;
  static WorkspaceCredentials b;
  static S3Client s3;
  static byte[] posts;
  static byte[] big;

  @BeforeAll
  static void start() throws IOException {
    broker = new BrokerHarness(dir);
    posts = "0123456789abcdefghijklmnopqrstuvwxyz\n".repeat(10).getBytes(StandardCharsets.UTF_8);
    big = new byte[9 * 1024 * 1024 + 7];
    new Random(7).nextBytes(big);
    Map<String, byte[]> files = new TreeMap<>();
    files.put("README.md", "# readme\n".getBytes(StandardCharsets.UTF_8));
    files.put("train/posts.jsonl", posts);
    files.put("train/labels.tsv", "u\tl\n".getBytes(StandardCharsets.UTF_8));
    files.put("train/big.bin", big);
    files.put("test/posts.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8));
    files.put("empty.txt", new byte[0]);
    files.put("a b/é+x=y.txt", "odd name".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 7; i++) {
      files.put("many/f" + i + ".txt", ("f" + i).getBytes(StandardCharsets.UTF_8));
    }
    broker.bucket("posts.v1", files);
    broker.bucket("revocable.v1", Map.of("x.txt", "x".getBytes(StandardCharsets.UTF_8)));
    a = broker.endpoints.openLoopback(BrokerHarness.workspace("ws-a"), 0);
    b = broker.endpoints.openLoopback(BrokerHarness.workspace("ws-b"), 0);
    s3 = BrokerHarness.client(a);
  }

  @AfterAll
  static void stop() {
    s3.close();
    broker.close();
  }

  @Test
  void listsTheWorkspacesBuckets() {
    assertThat(s3.listBuckets().buckets())
        .extracting(x -> x.name())
        .containsExactly("posts.v1", "revocable.v1");
    AuditEvent e = broker.sink.last();
    assertThat(e.action()).isEqualTo("dataset.list");
    assertThat(e.outcome()).isEqualTo(AuditOutcome.ALLOW);
    assertThat(e.workspaceId()).isEqualTo("ws-a");
    assertThat(e.actor()).isEqualTo("alice");
  }

  @Test
  void paginatesListingsWithSmallPages() {
    List<String> keys = new ArrayList<>();
    int pages = 0;
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(r -> r.bucket("posts.v1").maxKeys(2))) {
      assertThat(page.keyCount()).isLessThanOrEqualTo(2);
      page.contents().forEach(o -> keys.add(o.key()));
      pages++;
    }
    assertThat(keys).hasSize(14).doesNotHaveDuplicates().isSorted();
    assertThat(pages).isEqualTo(7);
    List<String> v1 = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      var page = s3.listObjects(r -> r.bucket("posts.v1").maxKeys(3).marker(m));
      page.contents().forEach(o -> v1.add(o.key()));
      marker = page.isTruncated() ? page.contents().get(page.contents().size() - 1).key() : null;
    } while (marker != null);
    assertThat(v1).isEqualTo(keys);
  }

  @Test
  void delimiterGivesCommonPrefixes() {
    ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket("posts.v1").delimiter("/"));
    assertThat(top.contents()).extracting(S3Object::key).containsExactly("README.md", "empty.txt");
    assertThat(top.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("a b/", "many/", "test/", "train/");
    ListObjectsV2Response train =
        s3.listObjectsV2(r -> r.bucket("posts.v1").prefix("train/").delimiter("/"));
    assertThat(train.contents())
        .extracting(S3Object::key)
        .containsExactly("train/big.bin", "train/labels.tsv", "train/posts.jsonl");
    S3Object p = train.contents().get(2);
    assertThat(p.size()).isEqualTo(posts.length);
    assertThat(p.eTag()).isEqualTo("\"" + sha256(posts) + "\"");
    List<String> odd =
        s3.listObjectsV2(r -> r.bucket("posts.v1").prefix("a b/")).contents().stream()
            .map(S3Object::key)
            .toList();
    assertThat(odd).containsExactly("a b/é+x=y.txt");
  }

  @Test
  void headAndGetCarryEtagLengthAndLastModified() {
    HeadObjectResponse head = s3.headObject(r -> r.bucket("posts.v1").key("train/posts.jsonl"));
    assertThat(head.contentLength()).isEqualTo(posts.length);
    assertThat(head.eTag()).isEqualTo("\"" + sha256(posts) + "\"");
    assertThat(head.lastModified()).isNotNull();
    assertThat(head.acceptRanges()).isEqualTo("bytes");
    assertThat(broker.sink.last().action()).isEqualTo("dataset.object.stat");
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("train/posts.jsonl"));
    assertThat(got.asByteArray()).isEqualTo(posts);
    assertThat(got.response().eTag()).isEqualTo(head.eTag());
    assertThat(got.response().lastModified()).isEqualTo(head.lastModified());
    assertThat(got.response().contentType()).isEqualTo("application/x-ndjson");
    AuditEvent e = broker.sink.last();
    assertThat(e.action()).isEqualTo("dataset.object.read");
    assertThat(e.objectKey()).isEqualTo("train/posts.jsonl");
    assertThat(e.bytesServed()).isEqualTo(posts.length);
    assertThat(e.rangeFirst()).isNull();
    assertThat(s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("a b/é+x=y.txt")).asUtf8String())
        .isEqualTo("odd name");
    assertThat(s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("empty.txt")).asByteArray())
        .isEmpty();
  }

  @Test
  void rangedReadsAreExact() {
    assertThat(range("bytes=0-0")).isEqualTo(slice(0, 1));
    assertThat(broker.sink.last().rangeFirst()).isZero();
    assertThat(broker.sink.last().rangeLast()).isZero();
    assertThat(broker.sink.last().bytesServed()).isEqualTo(1);
    assertThat(range("bytes=5-")).isEqualTo(slice(5, posts.length));
    assertThat(range("bytes=-10")).isEqualTo(slice(posts.length - 10, posts.length));
    assertThat(range("bytes=3-1000000")).isEqualTo(slice(3, posts.length));
    GetObjectResponse r =
        s3.getObject(x -> x.bucket("posts.v1").key("train/posts.jsonl").range("bytes=5-9"))
            .response();
    assertThat(r.contentRange()).isEqualTo("bytes 5-9/" + posts.length);
    assertThat(r.contentLength()).isEqualTo(5);
  }

  @Test
  void rangeBeyondTheEndIsInvalidRange() {
    assertThatThrownBy(() -> range("bytes=" + posts.length + "-"))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(416);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
            });
    assertThat(broker.sink.last().outcome()).isEqualTo(AuditOutcome.DENY);
  }

  @Test
  void multipleOrMalformedRangesServeTheWholeObject() {
    assertThat(range("bytes=0-1,5-6")).isEqualTo(posts);
    assertThat(range("bytes=abc")).isEqualTo(posts);
    assertThat(range("bytes=9-2")).isEqualTo(posts);
    assertThat(broker.sink.last().rangeFirst()).isNull();
  }

  @Test
  void largeObjectsStreamIntactAndRangesInsideThemAreExact() {
    byte[] whole =
        s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("train/big.bin")).asByteArray();
    assertThat(sha256(whole)).isEqualTo(sha256(big));
    int from = 4 * 1024 * 1024 - 3;
    byte[] part =
        s3.getObjectAsBytes(
                r ->
                    r.bucket("posts.v1")
                        .key("train/big.bin")
                        .range("bytes=" + from + "-" + (from + 300_000)))
            .asByteArray();
    assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(big, from, from + 300_001));
  }

  @Test
  void presignedUrlWorksOnlyOnItsOwnWorkspacesEndpoint() throws IOException {
    URL url;
    try (var presigner = BrokerHarness.presigner(a)) {
      url =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .getObjectRequest(g -> g.bucket("posts.v1").key("train/posts.jsonl")))
              .url();
    }
    HttpURLConnection own = (HttpURLConnection) url.openConnection();
    assertThat(own.getResponseCode()).isEqualTo(200);
    try (InputStream in = own.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(posts);
    }
    URL elsewhere = URI.create(b.endpoint() + url.getPath() + "?" + url.getQuery()).toURL();
    HttpURLConnection other = (HttpURLConnection) elsewhere.openConnection();
    assertThat(other.getResponseCode()).isEqualTo(403);
    assertThat(body(other)).contains("<Code>InvalidAccessKeyId</Code>");
    AuditEvent e = broker.sink.last();
    assertThat(e.outcome()).isEqualTo(AuditOutcome.DENY);
    assertThat(e.workspaceId()).isEqualTo("ws-b");
    assertThat(e.reason()).contains("workspace ws-a").contains("workspace ws-b");
  }

  @Test
  void expiredPresignedUrlIsRefused() throws Exception {
    URL url;
    try (var presigner = BrokerHarness.presigner(a)) {
      url =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(Duration.ofSeconds(1))
                          .getObjectRequest(g -> g.bucket("posts.v1").key("train/posts.jsonl")))
              .url();
    }
    Thread.sleep(2100);
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    assertThat(c.getResponseCode()).isEqualTo(403);
    assertThat(body(c)).contains("<Code>AccessDenied</Code>").contains("Request has expired");
  }

  @Test
  void tamperedPresignedUrlIsRefused() throws IOException {
    URL url;
    try (var presigner = BrokerHarness.presigner(a)) {
      url =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .getObjectRequest(g -> g.bucket("posts.v1").key("train/posts.jsonl")))
              .url();
    }
    URL other = URI.create(url.toString().replace("train/posts.jsonl", "train/labels.tsv")).toURL();
    HttpURLConnection c = (HttpURLConnection) other.openConnection();
    assertThat(c.getResponseCode()).isEqualTo(403);
    assertThat(body(c)).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void wrongSecretOtherWorkspacesKeyAndUnsignedRequestsAreRefused() throws IOException {
    try (S3Client wrong = BrokerHarness.client(a.endpoint(), a.accessKeyId(), "x".repeat(40))) {
      assertS3Error(() -> wrong.listBuckets(), 403, "SignatureDoesNotMatch");
    }
    try (S3Client other =
        BrokerHarness.client(a.endpoint(), b.accessKeyId(), b.secretAccessKey())) {
      assertS3Error(() -> other.listBuckets(), 403, "InvalidAccessKeyId");
    }
    HttpURLConnection unsigned =
        (HttpURLConnection)
            URI.create(a.endpoint() + "/posts.v1/README.md").toURL().openConnection();
    assertThat(unsigned.getResponseCode()).isEqualTo(403);
    assertThat(body(unsigned)).contains("<Code>AccessDenied</Code>");
    assertThat(broker.sink.last().actor()).isEqualTo("anonymous");
    assertThat(broker.sink.last().outcome()).isEqualTo(AuditOutcome.DENY);
  }

  @Test
  void reopeningRotatesCredentialsAndClosingKillsThem() throws IOException {
    WorkspaceIdentity ws = BrokerHarness.workspace("ws-rotating");
    WorkspaceCredentials first = broker.endpoints.openLoopback(ws, 0);
    try (S3Client c = BrokerHarness.client(first)) {
      assertThat(c.listBuckets().buckets()).isNotEmpty();
    }
    WorkspaceCredentials second = broker.endpoints.openLoopback(ws, 0);
    assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
    assertThat(second.secretAccessKey()).isNotEqualTo(first.secretAccessKey());
    try (S3Client stale =
        BrokerHarness.client(second.endpoint(), first.accessKeyId(), first.secretAccessKey())) {
      assertS3Error(() -> stale.listBuckets(), 403, "InvalidAccessKeyId");
    }
    broker.endpoints.close("ws-rotating");
    assertThat(broker.endpoints.isOpen("ws-rotating")).isFalse();
    assertThat(broker.registry.secretFor(ws, second.accessKeyId())).isEmpty();
    assertThat(second.toString()).doesNotContain(second.secretAccessKey());
  }

  @Test
  void writesAndOtherOperationsAreRefusedAndAudited() {
    int before = broker.sink.events.size();
    assertS3Error(
        () -> s3.putObject(r -> r.bucket("posts.v1").key("new.txt"), RequestBody.fromString("x")),
        403,
        "AccessDenied");
    assertS3Error(
        () -> s3.deleteObject(r -> r.bucket("posts.v1").key("README.md")), 403, "AccessDenied");
    assertS3Error(() -> s3.createBucket(r -> r.bucket("mine")), 403, "AccessDenied");
    assertS3Error(
        () -> s3.createMultipartUpload(r -> r.bucket("posts.v1").key("big")), 403, "AccessDenied");
    assertS3Error(
        () ->
            s3.copyObject(
                r ->
                    r.sourceBucket("posts.v1")
                        .sourceKey("README.md")
                        .destinationBucket("posts.v1")
                        .destinationKey("copy.md")),
        403,
        "AccessDenied");
    assertS3Error(
        () -> s3.getObjectAcl(r -> r.bucket("posts.v1").key("README.md")), 501, "NotImplemented");
    assertS3Error(() -> s3.getBucketPolicy(r -> r.bucket("posts.v1")), 501, "NotImplemented");
    assertS3Error(() -> s3.listObjectVersions(r -> r.bucket("posts.v1")), 501, "NotImplemented");
    List<AuditEvent> refusals = broker.sink.events.subList(before, broker.sink.events.size());
    assertThat(refusals).hasSizeGreaterThanOrEqualTo(8);
    assertThat(refusals).allMatch(e -> e.outcome() == AuditOutcome.DENY);
    assertThat(refusals).allMatch(e -> e.actor().equals("alice"));
    assertThat(s3.listObjectsV2(r -> r.bucket("posts.v1").prefix("new")).contents()).isEmpty();
  }

  @Test
  void auditFailureServesNothing() throws IOException {
    broker.sink.failing = true;
    try {
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("train/posts.jsonl")),
          503,
          "ServiceUnavailable");
      assertS3Error(() -> s3.listObjectsV2(r -> r.bucket("posts.v1")), 503, "ServiceUnavailable");
      RawHttp.Response raw =
          RawHttp.send(
              RawHttp.tcp(a.endpoint()),
              "GET",
              "/posts.v1/train/posts.jsonl",
              signed(a, "GET", "/posts.v1/train/posts.jsonl", null, Map.of()));
      assertThat(raw.status()).isEqualTo(503);
      assertThat(raw.text()).doesNotContain("0123456789abcdef");
    } finally {
      broker.sink.failing = false;
    }
  }

  @Test
  void revokedBucketStopsTheNextRead() {
    assertThat(s3.getObjectAsBytes(r -> r.bucket("revocable.v1").key("x.txt")).asUtf8String())
        .isEqualTo("x");
    broker.catalog.revoked.put("revocable.v1", "yes");
    try {
      assertS3Error(
          () -> s3.getObjectAsBytes(r -> r.bucket("revocable.v1").key("x.txt")),
          403,
          "AccessDenied");
      assertThat(s3.listBuckets().buckets())
          .extracting(x -> x.name())
          .doesNotContain("revocable.v1");
    } finally {
      broker.catalog.revoked.remove("revocable.v1");
    }
  }

  @Test
  void unknownBucketsAndKeysAreNotFound() {
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket("nope.v1").key("x")), 404, "NoSuchBucket");
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("missing.txt")), 404, "NoSuchKey");
    assertS3Error(() -> s3.headBucket(r -> r.bucket("nope.v1")), 404, null);
    s3.headBucket(r -> r.bucket("posts.v1"));
  }

  @Test
  void badInputIsRefusedWithS3Errors() throws IOException {
    var to = RawHttp.tcp(a.endpoint());
    Map<String, List<String>> malformed = new LinkedHashMap<>();
    malformed.put("x-amz-date", List.of("20260101T000000Z"));
    malformed.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
    malformed.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=garbage"));
    assertRaw(
        RawHttp.send(to, "GET", "/posts.v1/README.md", malformed),
        400,
        "AuthorizationHeaderMalformed");

    Map<String, List<String>> badDate =
        new LinkedHashMap<>(signed(a, "GET", "/posts.v1/README.md", null, Map.of()));
    badDate.keySet().removeIf(k -> k.equalsIgnoreCase("x-amz-date"));
    badDate.put("x-amz-date", List.of("yesterday"));
    assertRaw(RawHttp.send(to, "GET", "/posts.v1/README.md", badDate), 403, "AccessDenied");

    Map<String, List<String>> stale =
        signed(
            a,
            "GET",
            "/posts.v1/README.md",
            null,
            Map.of(),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
    assertRaw(RawHttp.send(to, "GET", "/posts.v1/README.md", stale), 403, "RequestTimeTooSkewed");

    assertRaw(
        RawHttp.send(
            to, "GET", "/posts.v1/%zz", signed(a, "GET", "/posts.v1/README.md", null, Map.of())),
        400,
        "InvalidURI");

    String longKey = "/posts.v1/" + "k".repeat(1100);
    assertRaw(
        RawHttp.send(to, "GET", longKey, signed(a, "GET", longKey, null, Map.of())),
        400,
        "KeyTooLongError");

    for (String traversal :
        List.of(
            "/posts.v1/train/../README.md",
            "/posts.v1/..%2F..%2Fetc%2Fpasswd",
            "/posts.v1/./README.md")) {
      RawHttp.Response r =
          RawHttp.send(to, "GET", traversal, signed(a, "GET", traversal, null, Map.of()));
      assertRaw(r, 404, "NoSuchKey");
    }

    assertRaw(
        RawHttp.send(to, "GET", "/posts.v1?acl", signed(a, "GET", "/posts.v1", "acl", Map.of())),
        501,
        "NotImplemented");
    assertRaw(
        RawHttp.send(
            to,
            "GET",
            "/posts.v1/README.md?foo=bar",
            signed(a, "GET", "/posts.v1/README.md", "foo=bar", Map.of())),
        501,
        "NotImplemented");
    assertRaw(
        RawHttp.send(
            to,
            "OPTIONS",
            "/posts.v1/README.md",
            signed(a, "OPTIONS", "/posts.v1/README.md", null, Map.of())),
        405,
        "MethodNotAllowed");
    assertRaw(
        RawHttp.send(
            to,
            "GET",
            "/posts.v1?list-type=2&max-keys=-1",
            signed(a, "GET", "/posts.v1", "list-type=2&max-keys=-1", Map.of())),
        400,
        "InvalidArgument");
    assertRaw(
        RawHttp.send(
            to,
            "GET",
            "/posts.v1?list-type=2&continuation-token=forged",
            signed(a, "GET", "/posts.v1", "list-type=2&continuation-token=forged", Map.of())),
        400,
        "InvalidArgument");
    RawHttp.Response head =
        RawHttp.send(
            to,
            "HEAD",
            "/posts.v1/missing",
            signed(a, "HEAD", "/posts.v1/missing", null, Map.of()));
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.header("x-amz-request-id")).isNotBlank();
    assertThat(head.header("x-enclave-error-code")).isEqualTo("NoSuchKey");
    assertThat(head.header("x-enclave-error-message"))
        .isEqualTo("The specified key does not exist.");
  }

  @Test
  void servesOverTheWorkspacesUnixSocket() throws IOException {
    Path socket = dir.resolve("sockets/ws-unix.sock");
    WorkspaceCredentials c = broker.endpoints.open(BrokerHarness.workspace("ws-unix"), socket);
    assertThat(c.endpoint()).isEqualTo("unix:" + socket.toAbsolutePath());
    assertThat(Files.exists(socket)).isTrue();
    var address = UnixDomainSocketAddress.of(socket);
    RawHttp.Response ok =
        RawHttp.send(
            address,
            "GET",
            "/posts.v1/train/posts.jsonl",
            signed(c, "GET", "/posts.v1/train/posts.jsonl", null, Map.of("Range", "bytes=0-9")));
    assertThat(ok.status()).isEqualTo(206);
    assertThat(ok.body()).isEqualTo(slice(0, 10));
    assertThat(broker.sink.last().workspaceId()).isEqualTo("ws-unix");
    RawHttp.Response elsewhere =
        RawHttp.send(
            address,
            "GET",
            "/posts.v1/train/posts.jsonl",
            signed(a, "GET", "/posts.v1/train/posts.jsonl", null, Map.of()));
    assertRaw(elsewhere, 403, "InvalidAccessKeyId");
    broker.endpoints.close("ws-unix");
    assertThat(Files.exists(socket)).isFalse();
  }

  @Test
  void resumingAfterARestartKeepsTheKeyAndItsSecret() throws IOException {
    Path socket = dir.resolve("sockets/ws-resume.sock");
    WorkspaceIdentity ws = BrokerHarness.workspace("ws-resume");
    WorkspaceCredentials issued = broker.endpoints.open(ws, socket);
    broker.endpoints.close("ws-resume");
    WorkspaceCredentials resumed = broker.endpoints.resume(ws, issued.accessKeyId(), socket);
    assertThat(resumed.accessKeyId()).isEqualTo(issued.accessKeyId());
    assertThat(resumed.secretAccessKey()).isEqualTo(issued.secretAccessKey());
    RawHttp.Response ok =
        RawHttp.send(
            UnixDomainSocketAddress.of(socket),
            "GET",
            "/posts.v1/README.md",
            signed(issued, "GET", "/posts.v1/README.md", null, Map.of()));
    assertThat(ok.status()).isEqualTo(200);
    assertThatThrownBy(() -> broker.endpoints.resume(ws, "AKIAIOSFODNN7EXAMPLE", socket))
        .isInstanceOf(IllegalArgumentException.class);
    broker.endpoints.close("ws-resume");
  }

  @Test
  void refusesToReplaceAFileThatIsNotASocket() throws IOException {
    Path notASocket = Files.writeString(dir.resolve("precious.txt"), "keep me");
    assertThatThrownBy(() -> broker.endpoints.open(BrokerHarness.workspace("ws-file"), notASocket))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(notASocket)).isEqualTo("keep me");
  }

  // helpers

  private static byte[] range(String range) {
    return s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("train/posts.jsonl").range(range))
        .asByteArray();
  }

  private static byte[] slice(int from, int to) {
    return java.util.Arrays.copyOfRange(posts, from, to);
  }

  static Map<String, List<String>> signed(
      WorkspaceCredentials c,
      String method,
      String path,
      String rawQuery,
      Map<String, String> extra) {
    return signed(c, method, path, rawQuery, extra, Clock.systemUTC());
  }

  /** Headers of a request signed by the SDK's signer, Host as inside a workspace. */
  static Map<String, List<String>> signed(
      WorkspaceCredentials c,
      String method,
      String path,
      String rawQuery,
      Map<String, String> extra,
      Clock clock) {
    SdkHttpRequest.Builder r =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(URI.create("http://127.0.0.1:9000" + path));
    if (rawQuery != null) {
      for (var e : org.enclave.api.broker.s3.AwsEncoding.parseQuery(rawQuery)) {
        r.appendRawQueryParameter(e.getKey(), e.getValue());
      }
    }
    r.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    extra.forEach(r::putHeader);
    SdkHttpRequest unsigned = r.build();
    SdkHttpRequest done =
        AwsV4HttpSigner.create()
            .sign(
                s ->
                    s.identity(AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey()))
                        .request(unsigned)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(
                            software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK,
                            clock))
            .request();
    Map<String, List<String>> h = new LinkedHashMap<>(done.headers());
    h.put("Host", List.of("127.0.0.1:9000"));
    return h;
  }

  private static void assertRaw(RawHttp.Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("content-type")).isEqualTo("application/xml");
    assertThat(r.text()).contains("<Code>" + code + "</Code>").contains("<RequestId>");
  }

  private static void assertS3Error(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).as(e.awsErrorDetails().toString()).isEqualTo(status);
              if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              }
            });
  }

  private static String body(HttpURLConnection c) throws IOException {
    try (InputStream in = c.getErrorStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
