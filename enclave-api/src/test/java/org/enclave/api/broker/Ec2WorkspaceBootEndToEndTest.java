package org.enclave.api.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.enclave.api.workspace.service.ProviderNetworkWorkspaces;
import org.enclave.api.workspace.service.ReadyChannel;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.infra.aws.ec2.Ec2Clients;
import org.enclave.infra.aws.ec2.Ec2Stub;
import org.enclave.infra.aws.ec2.Ec2WorkspaceConfig;
import org.enclave.infra.aws.ec2.Ec2WorkspaceProvider;
import org.enclave.infra.aws.ec2.Retry;
import org.enclave.infra.workspace.SessionServer;
import org.enclave.infra.workspace.WorkspaceSpec;
import org.enclave.infra.workspace.WorkspaceState;
import org.enclave.infra.workspace.WorkspaceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A workspace on EC2 boots end to end, with only the EC2 API and the instance metadata service
 * stubbed: the EC2 provider launches the instance (the stub gives it this machine's loopback
 * address), the real workspace runtime ({@code enclave boot}, separate JVMs, as on the instance)
 * saves its user data from IMDSv2 in one step and, in the next, which has no metadata address,
 * redeems the boot token at the broker's TLS listener, starts the real Jupyter Notebook with the
 * workspace image's configuration on the session port, and reports ready through the broker, signed
 * with the credentials it redeemed; only then does the provider's start return.
 */
class Ec2WorkspaceBootEndToEndTest {
  static final Path RUNTIME_JAR =
      Path.of("..", "workspace-runtime", "target", "runtime", "enclave-runtime.jar")
          .toAbsolutePath()
          .normalize();
  static final String WORKSPACE = "ws-boot";
  static final String JUPYTER_CONFIG = "org/enclave/infra/workspace/jupyter/";

  @TempDir Path dir;
  BrokerHarness broker;
  HttpServer imds;
  final List<String> imdsRequests = new CopyOnWriteArrayList<>();
  final Ec2Stub ec2 = new Ec2Stub(Instant::now);
  Ec2WorkspaceProvider provider;
  Process runtime;
  int brokerPort;
  int sessionPort;

  @BeforeEach
  void setUp() throws Exception {
    assertThat(RUNTIME_JAR)
        .as("the workspace runtime jar (./mvnw -pl workspace-runtime package builds it)")
        .isRegularFile();
    broker = new BrokerHarness(dir);
    brokerPort = freePort();
    sessionPort = freePort();
    TestCertificate cert = TestCertificate.create(dir.resolve("tls"), "localhost");
    URI brokerUrl = URI.create("https://localhost:" + brokerPort);

    ec2.addresses(n -> "127.0.0.1");
    Ec2Client client =
        Ec2Client.builder()
            .httpClient(ec2)
            .region(Region.EU_WEST_2)
            .endpointOverride(URI.create("https://ec2.stub.test"))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUB", "stub")))
            .overrideConfiguration(Ec2Clients.noRetries())
            .build();
    provider =
        new Ec2WorkspaceProvider(
            client,
            new Ec2WorkspaceConfig(
                "boot-test",
                "enclave-workspace",
                null,
                List.of("subnet-0a"),
                List.of("sg-01"),
                "enclave-workspace",
                "arn:aws:kms:eu-west-2:123456789012:key/ebs",
                0,
                Map.of("small", "m7i.large"),
                brokerUrl,
                sessionPort,
                Duration.ofSeconds(120),
                Duration.ofMillis(200),
                Retry.standard()));
    broker.channels(List.of(new Ready(provider)));
    URI listening =
        broker.endpoints.listenNetwork(
            new NetworkListener(
                "127.0.0.1", brokerPort, brokerUrl, cert.certificate(), cert.privateKey()),
            new ProviderNetworkWorkspaces(provider));
    assertThat(listening).isEqualTo(brokerUrl);
    imds = metadataService();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (runtime != null) {
      List<ProcessHandle> children = runtime.descendants().toList();
      runtime.destroy();
      if (!runtime.waitFor(20, TimeUnit.SECONDS)) {
        runtime.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
    if (imds != null) {
      imds.stop(0);
    }
    broker.close();
  }

  @Test
  void theRuntimeRedeemsItsBootTokenStartsJupyterAndTheStartReturnsOnceItReportsReady()
      throws Exception {
    WorkspaceCredentials credentials =
        broker.endpoints.openNetwork(BrokerHarness.workspace(WORKSPACE));
    String jupyterToken = "j".repeat(48);
    String base = "/workspaces/" + WORKSPACE + "/session/";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    env.put("AWS_REGION", credentials.region());
    env.put("ENCLAVE_WORKSPACE_ID", WORKSPACE);
    env.put(SessionServer.TOKEN_VARIABLE, jupyterToken);
    WorkspaceSpec spec =
        WorkspaceSpec.of(WORKSPACE, dir.resolve("homes"), dir.resolve("unused.sock"))
            .withEnvironment(env)
            .withLabels(Map.of("team", "team-a", "owner", "alice", "size", "small"))
            .withSession(new SessionServer(dir.resolve("session"), base));

    CompletableFuture<WorkspaceStatus> start =
        CompletableFuture.supplyAsync(() -> provider.start(spec));
    // The instance boots once EC2 has launched it: its user data is there from the start.
    awaitLaunch();
    runtime = bootRuntime();
    WorkspaceStatus status;
    try {
      status = start.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "the start did not return ready; enclave boot said:\n" + bootLog(), e);
    }

    assertThat(status.state()).isEqualTo(WorkspaceState.RUNNING);
    assertThat(status.privateAddress()).isEqualTo("127.0.0.1");
    assertThat(provider.sessionAddress(WORKSPACE))
        .contains(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), sessionPort));
    assertThat(runtime.isAlive()).as("enclave boot stays in the foreground with Jupyter").isTrue();

    // IMDSv2 only: a session token first, then the user data with it.
    assertThat(imdsRequests)
        .containsExactly("PUT /latest/api/token ttl=300", "GET /latest/user-data token=ok");

    // The boot token was redeemed once, from the instance's address, and audited.
    List<AuditEvent> boots =
        broker.sink.events.stream().filter(e -> e.action().equals("workspace.bootstrap")).toList();
    assertThat(boots)
        .singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.ALLOW));
    String bootToken = bootToken(ec2.userData(WORKSPACE).orElseThrow());
    HttpResponse<String> replay =
        tls(dir.resolve("tls").resolve("localhost.crt"))
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://localhost:" + brokerPort + "/-/bootstrap"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"workspace\":\""
                                + WORKSPACE
                                + "\",\"bootToken\":\""
                                + bootToken
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(403);
    assertThat(replay.body()).contains("BootRefused");

    // Jupyter serves on the session port under the base path, with the image's configuration:
    // the per-start token is required, and downloads are refused.
    Files.writeString(dir.resolve("home").resolve("notes.txt"), "results\n");
    HttpClient http = HttpClient.newHttpClient();
    String session = "http://127.0.0.1:" + sessionPort + base;
    assertThat(get(http, session + "api/contents", null).statusCode()).isEqualTo(403);
    HttpResponse<String> contents = get(http, session + "api/contents", jupyterToken);
    assertThat(contents.statusCode()).isEqualTo(200);
    assertThat(contents.body()).contains("notes.txt");
    assertThat(get(http, session + "files/notes.txt", jupyterToken).statusCode()).isEqualTo(403);
  }

  /** {@code POST /-/ready}, answered by the provider, as the control plane's channel does. */
  private static final class Ready implements WorkspaceChannel {
    private final Ec2WorkspaceProvider provider;

    Ready(Ec2WorkspaceProvider provider) {
      this.provider = provider;
    }

    @Override
    public boolean handles(String path) {
      return "/ready".equals(path);
    }

    @Override
    public long maxBodyBytes() {
      return 1024;
    }

    @Override
    public ChannelResponse handle(WorkspaceIdentity workspace, ChannelRequest request) {
      return ReadyChannel.report(Optional.of(provider), workspace.workspaceId());
    }
  }

  private void awaitLaunch() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ec2.userData(WORKSPACE).isEmpty()) {
      assertThat(System.nanoTime()).as("RunInstances within 30 s").isLessThan(until);
      Thread.sleep(50);
    }
  }

  /**
   * {@code enclave boot} as the instance's two systemd units run it, with the image's settings:
   * {@code enclave-metadata.service} saves the user data from IMDSv2, then {@code
   * enclave-workspace.service} boots from the saved file without the metadata service's address.
   */
  private Process bootRuntime() throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path userData = Files.createDirectories(dir.resolve("run-enclave")).resolve("user-data");
    ProcessBuilder save =
        runtimeCommand("--save-user-data", userData.toString())
            .redirectOutput(dir.resolve("boot.log").toFile());
    save.environment()
        .put(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + imds.getAddress().getPort());
    Process saved = save.start();
    assertThat(saved.waitFor(60, TimeUnit.SECONDS))
        .as("enclave boot --save-user-data ends")
        .isTrue();
    assertThat(saved.exitValue()).as(bootLog()).isZero();

    Path config = jupyterConfiguration();
    ProcessBuilder pb =
        runtimeCommand()
            .directory(home.toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("boot.log").toFile()));
    Map<String, String> e = pb.environment();
    e.put("HOME", home.toString());
    e.put("ENCLAVE_USER_DATA_FILE", userData.toString());
    e.put("AWS_CA_BUNDLE", dir.resolve("tls").resolve("localhost.crt").toString());
    e.put("ENCLAVE_SESSION_IP", "127.0.0.1");
    e.put("ENCLAVE_JUPYTER_CONFIG_DIR", config.toString());
    e.put("ENCLAVE_BOOT_TIMEOUT", "PT2M");
    return pb.start();
  }

  /** {@code java -jar enclave-runtime.jar boot ARGS} with only the image's base environment. */
  private ProcessBuilder runtimeCommand(String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                RUNTIME_JAR.toString(),
                "boot"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.clear();
    e.put("PATH", System.getenv("PATH"));
    e.put("LANG", "C.UTF-8");
    return pb;
  }

  /**
   * The workspace image's Jupyter configuration, as installed in {@code /etc/enclave/jupyter}, read
   * by a wrapper that allows root: test machines run as root, an instance runs Jupyter as the user
   * {@code enclave}.
   */
  private Path jupyterConfiguration() throws IOException {
    Path image = Files.createDirectories(dir.resolve("image-jupyter"));
    for (String file : List.of("jupyter_notebook_config.py", "enclave_refusals.py")) {
      try (InputStream in =
          Thread.currentThread()
              .getContextClassLoader()
              .getResourceAsStream(JUPYTER_CONFIG + file)) {
        assertThat(in).as(JUPYTER_CONFIG + file).isNotNull();
        Files.copy(in, image.resolve(file));
      }
    }
    Path config = Files.createDirectories(dir.resolve("jupyter"));
    Files.writeString(
        config.resolve("jupyter_notebook_config.py"),
        "import sys\n"
            + "sys.path.insert(0, "
            + pyString(image.toString())
            + ")\n"
            + "exec(open("
            + pyString(image.resolve("jupyter_notebook_config.py").toString())
            + ").read())\n"
            + "c.NotebookApp.allow_root = True\n");
    return config;
  }

  /** IMDSv2: a PUT for a session token, then reads that carry it; IMDSv1 reads are refused. */
  private HttpServer metadataService() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/latest/",
        x -> {
          String path = x.getRequestURI().getPath();
          String method = x.getRequestMethod();
          if (method.equals("PUT") && path.equals("/latest/api/token")) {
            String ttl = x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
            imdsRequests.add("PUT " + path + " ttl=" + ttl);
            respond(x, ttl == null ? 400 : 200, "imds-session-token");
          } else if (method.equals("GET") && path.equals("/latest/user-data")) {
            boolean token =
                "imds-session-token"
                    .equals(x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"));
            imdsRequests.add("GET " + path + " token=" + (token ? "ok" : "missing"));
            Optional<String> data = ec2.userData(WORKSPACE);
            if (!token) {
              respond(x, 401, "");
            } else {
              respond(x, data.isPresent() ? 200 : 404, data.orElse(""));
            }
          } else {
            imdsRequests.add(method + " " + path);
            respond(x, 404, "");
          }
        });
    server.start();
    return server;
  }

  private static void respond(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      x.getResponseBody().write(bytes);
    }
    x.close();
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "token " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client that trusts the broker's certificate alone, as the workspace image does. */
  private static HttpClient tls(Path certificate) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trust.setCertificateEntry(
          "broker",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }

  private static String bootToken(String userData) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"bootToken\":\"([^\"]+)\"").matcher(userData);
    assertThat(m.find()).as("boot token in " + userData).isTrue();
    return m.group(1);
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private String bootLog() throws IOException {
    Path log = dir.resolve("boot.log");
    return Files.exists(log) ? Files.readString(log) : "(nothing)";
  }
}
