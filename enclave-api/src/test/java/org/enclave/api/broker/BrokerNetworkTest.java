package org.enclave.api.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The broker's network listener, which EC2 workspaces share: a workspace's key works only from its
 * own instance's address. Loopback addresses 127.0.0.2 and 127.0.0.3 stand for two instances.
 */
class BrokerNetworkTest {
  static final InetAddress A = address("127.0.0.2");
  static final InetAddress B = address("127.0.0.3");

  @TempDir Path dir;
  BrokerHarness broker;
  final Addresses addresses = new Addresses();
  URI url;

  /** Where each workspace's instance is, and the boot tokens it was launched with. */
  static final class Addresses implements NetworkWorkspaces {
    final Map<String, InetAddress> where = new ConcurrentHashMap<>();
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> environments = new ConcurrentHashMap<>();

    @Override
    public Optional<InetAddress> addressOf(String workspaceId) {
      return Optional.ofNullable(where.get(workspaceId));
    }

    @Override
    public Optional<Map<String, String>> redeemBoot(
        String workspaceId, String bootToken, InetAddress from) {
      if (!from.equals(where.get(workspaceId)) || !tokens.remove(workspaceId, bootToken)) {
        return Optional.empty();
      }
      return Optional.ofNullable(environments.get(workspaceId));
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    broker = new BrokerHarness(dir);
    broker.bucket("posts.v1", Map.of("a.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)));
    url = broker.endpoints.listenNetwork(NetworkListener.plain("127.0.0.1", 0), addresses);
    addresses.where.put("ws-a", A);
    addresses.where.put("ws-b", B);
  }

  @AfterEach
  void tearDown() {
    broker.close();
  }

  @Test
  void aWorkspacesKeyWorksFromItsOwnInstance() {
    WorkspaceCredentials a = broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));

    assertThat(a.endpoint()).isEqualTo(url.toString());
    try (S3Client s3 = client(a, A)) {
      assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("posts.v1");
      assertThat(s3.getObjectAsBytes(r -> r.bucket("posts.v1").key("a.jsonl")).asUtf8String())
          .isEqualTo("{}\n");
    }
  }

  @Test
  void aWorkspacesKeyFromAnotherAddressIsRefusedAndAudited() {
    WorkspaceCredentials a = broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));
    broker.endpoints.openNetwork(BrokerHarness.workspace("ws-b"));

    try (S3Client stolen = client(a, B)) {
      assertThatThrownBy(() -> stolen.getObjectAsBytes(r -> r.bucket("posts.v1").key("a.jsonl")))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
              });
    }
    AuditEvent refusal = broker.sink.last();
    assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENY);
    assertThat(refusal.workspaceId()).isEqualTo("ws-a");
    assertThat(refusal.reason()).contains("used from 127.0.0.3").contains("address 127.0.0.2");
  }

  @Test
  void aPresignedUrlWorksOnlyFromTheInstanceItWasMadeFor() throws IOException {
    WorkspaceCredentials a = broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));
    URL presigned;
    try (var presigner = BrokerHarness.presigner(a)) {
      presigned =
          presigner
              .presignGetObject(
                  r ->
                      r.signatureDuration(Duration.ofMinutes(5))
                          .getObjectRequest(g -> g.bucket("posts.v1").key("a.jsonl")))
              .url();
    }
    String target = presigned.getFile();

    assertThat(Raw.get(A, url, target, Map.of()).status).isEqualTo(200);
    Raw refused = Raw.get(B, url, target, Map.of());
    assertThat(refused.status).isEqualTo(403);
    assertThat(refused.body).contains("InvalidAccessKeyId");
  }

  @Test
  void unsignedAndUnknownKeysAreRefused() throws IOException {
    Raw unsigned = Raw.get(A, url, "/posts.v1/a.jsonl", Map.of());
    assertThat(unsigned.status).isEqualTo(403);
    assertThat(unsigned.body).contains("AccessDenied").contains("signed");

    Raw unknown =
        Raw.get(
            A,
            url,
            "/",
            Map.of(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=EKIAAAAAAAAAAAAAAAAA/20261206/us-east-1/s3/aws4_request,"
                    + " SignedHeaders=host, Signature=00"));
    assertThat(unknown.status).isEqualTo(403);
    assertThat(unknown.body).contains("InvalidAccessKeyId");
  }

  @Test
  void aClosedEndpointsKeyStopsWorkingAtOnce() {
    WorkspaceCredentials a = broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));
    try (S3Client s3 = client(a, A)) {
      s3.listBuckets();
      broker.endpoints.close("ws-a");

      assertThatThrownBy(s3::listBuckets)
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
    }
  }

  @Test
  void aKeyOfAWorkspaceWhoseInstanceIsGoneIsRefused() {
    WorkspaceCredentials a = broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));
    addresses.where.remove("ws-a");

    try (S3Client s3 = client(a, A)) {
      assertThatThrownBy(s3::listBuckets).isInstanceOf(S3Exception.class);
    }
    assertThat(broker.sink.last().reason()).contains("it is not running");
  }

  @Test
  void theBootTokenBuysTheEnvironmentOnceFromTheInstancesAddress() throws IOException {
    broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));
    addresses.tokens.put("ws-a", "t0ken-of-the-user-data");
    addresses.environments.put("ws-a", Map.of("AWS_ACCESS_KEY_ID", "EKIAX", "JUPYTER_TOKEN", "j"));
    String body = "{\"workspace\":\"ws-a\",\"bootToken\":\"t0ken-of-the-user-data\"}";

    Raw fromElsewhere = Raw.post(B, url, NetworkRouter.BOOTSTRAP_PATH, body);
    assertThat(fromElsewhere.status).isEqualTo(403);
    assertThat(fromElsewhere.body).contains("BootRefused");
    assertThat(broker.sink.last().outcome()).isEqualTo(AuditOutcome.DENY);
    assertThat(broker.sink.last().reason()).contains("127.0.0.3");

    Raw first = Raw.post(A, url, NetworkRouter.BOOTSTRAP_PATH, body);
    assertThat(first.status).isEqualTo(200);
    assertThat(first.header).contains("Cache-Control: no-store");
    assertThat(first.body).contains("\"AWS_ACCESS_KEY_ID\":\"EKIAX\"");
    assertThat(broker.sink.last().outcome()).isEqualTo(AuditOutcome.ALLOW);
    assertThat(broker.sink.last().action()).isEqualTo("workspace.bootstrap");

    Raw again = Raw.post(A, url, NetworkRouter.BOOTSTRAP_PATH, body);
    assertThat(again.status).isEqualTo(403);
  }

  @Test
  void aBootRequestForAWorkspaceWithoutAnEndpointIsRefused() throws IOException {
    addresses.tokens.put("ws-b", "token");
    Raw r =
        Raw.post(
            B,
            url,
            NetworkRouter.BOOTSTRAP_PATH,
            "{\"workspace\":\"ws-b\",\"bootToken\":\"token\"}");
    assertThat(r.status).isEqualTo(403);
    assertThat(addresses.tokens).containsKey("ws-b");
  }

  @Test
  void malformedBootRequestsSayWhatIsWrong() throws IOException {
    Raw notJson = Raw.post(A, url, NetworkRouter.BOOTSTRAP_PATH, "workspace=ws-a");
    assertThat(notJson.status).isEqualTo(400);
    assertThat(notJson.header).contains("application/problem+json");
    assertThat(notJson.body).contains("MalformedBootRequest");

    Raw badId =
        Raw.post(
            A, url, NetworkRouter.BOOTSTRAP_PATH, "{\"workspace\":\"../x\",\"bootToken\":\"t\"}");
    assertThat(badId.status).isEqualTo(400);

    Raw wrongType =
        Raw.post(A, url, NetworkRouter.BOOTSTRAP_PATH, "{\"workspace\":1,\"bootToken\":\"t\"}");
    assertThat(wrongType.status).isEqualTo(400);

    Raw tooLarge = Raw.post(A, url, NetworkRouter.BOOTSTRAP_PATH, "x".repeat(5000));
    assertThat(tooLarge.status).isEqualTo(413);

    Raw get = Raw.get(A, url, NetworkRouter.BOOTSTRAP_PATH, Map.of());
    assertThat(get.status).isEqualTo(405);
  }

  @Test
  void theListenerSpeaksTlsWithTheConfiguredCertificate() throws Exception {
    broker.close();
    broker = new BrokerHarness(dir.resolve("tls"));
    broker.bucket("posts.v1", Map.of("a.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)));
    TestCertificate cert = TestCertificate.create(dir.resolve("pki"), "broker.enclave.internal");
    URI tls =
        broker.endpoints.listenNetwork(
            new NetworkListener("127.0.0.1", 0, null, cert.certificate(), cert.privateKey()),
            addresses);
    assertThat(tls.getScheme()).isEqualTo("https");
    WorkspaceCredentials a = broker.endpoints.openNetwork(BrokerHarness.workspace("ws-a"));

    try (S3Client s3 = client(a, A, true)) {
      assertThat(s3.listBuckets().buckets()).hasSize(1);
    }
  }

  @Test
  void networkEndpointsNeedTheListener() {
    broker.close();
    BrokerHarness idle;
    try {
      idle = new BrokerHarness(dir.resolve("idle"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try (idle) {
      assertThatThrownBy(() -> idle.endpoints.openNetwork(BrokerHarness.workspace("ws-a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("network listener");
    }
  }

  @Test
  void accessKeysAreFoundInTheHeaderOrThePresignedQuery() {
    assertThat(
            NetworkRouter.accessKeyOf(
                "AWS4-HMAC-SHA256 Credential=EKIAABC/20261206/us-east-1/s3/aws4_request, x", null))
        .contains("EKIAABC");
    assertThat(
            NetworkRouter.accessKeyOf(
                null, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=EKIAXYZ%2F20261206%2F"))
        .contains("EKIAXYZ");
    assertThat(NetworkRouter.accessKeyOf("Basic abc", null)).isEmpty();
    assertThat(NetworkRouter.accessKeyOf(null, "prefix=a&X-Amz-Credential=")).isEmpty();
    assertThat(NetworkRouter.accessKeyOf(null, null)).isEmpty();
  }

  private S3Client client(WorkspaceCredentials c, InetAddress from) {
    return client(c, from, false);
  }

  private static S3Client client(WorkspaceCredentials c, InetAddress from, boolean trustAll) {
    ApacheHttpClient.Builder http = ApacheHttpClient.builder().localAddress(from);
    return S3Client.builder()
        .endpointOverride(URI.create(c.endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
        .httpClient(
            trustAll
                ? http.buildWithDefaults(
                    AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                        .build())
                : http.build())
        .build();
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One HTTP/1.1 exchange from a chosen local address. */
  static final class Raw {
    int status;
    String header;
    String body;

    static Raw get(InetAddress from, URI to, String target, Map<String, String> headers)
        throws IOException {
      return exchange(from, to, "GET", target, headers, null);
    }

    static Raw post(InetAddress from, URI to, String target, String body) throws IOException {
      return exchange(from, to, "POST", target, Map.of("Content-Type", "application/json"), body);
    }

    private static Raw exchange(
        InetAddress from,
        URI to,
        String method,
        String target,
        Map<String, String> headers,
        String body)
        throws IOException {
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      head.append("Host: ").append(to.getHost()).append(':').append(to.getPort()).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(content.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(to.getHost(), to.getPort()), 10_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        Raw r = new Raw();
        r.header = split < 0 ? text : text.substring(0, split);
        r.body = split < 0 ? "" : text.substring(split + 4);
        r.status = Integer.parseInt(r.header.substring(9, 12));
        return r;
      }
    }
  }
}
