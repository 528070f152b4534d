package org.enclave.workspace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of {@code enclave boot} that need no broker: the user data as IMDSv2 serves it (the
 * instance metadata service is AWS's, so a stub answers as it does and the test checks the exact
 * requests), the document's checks, and a real Jupyter Notebook started on the session port. The
 * whole boot against the real broker is {@code Ec2BootEndToEndTest} in the control plane.
 */
class BootPartsTest {
  static final String DOCUMENT =
      "{\"workspace\":\"ws-1\",\"broker\":\"https://broker.enclave.internal:9443\","
          + "\"bootToken\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";

  @TempDir Path dir;
  HttpServer imds;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    if (imds != null) {
      imds.stop(0);
    }
  }

  private URI imds(int userDataStatus) throws IOException {
    imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    imds.createContext(
        "/latest/api/token",
        x -> {
          requests.add(
              x.getRequestMethod()
                  + " "
                  + x.getRequestURI()
                  + " ttl="
                  + x.getRequestHeaders().getFirst(InstanceMetadata.TOKEN_TTL_HEADER));
          answer(x, x.getRequestMethod().equals("PUT") ? 200 : 405, "imds-session-token");
        });
    imds.createContext(
        "/latest/user-data",
        x -> {
          String token = x.getRequestHeaders().getFirst(InstanceMetadata.TOKEN_HEADER);
          requests.add(x.getRequestMethod() + " " + x.getRequestURI() + " token=" + token);
          // IMDSv2 only: without the session token the service answers 401.
          answer(x, "imds-session-token".equals(token) ? userDataStatus : 401, DOCUMENT);
        });
    imds.start();
    return URI.create("http://127.0.0.1:" + imds.getAddress().getPort());
  }

  private static void answer(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Test
  void theUserDataIsReadWithAnImdsV2SessionToken() throws Exception {
    String text = new InstanceMetadata(imds(200), http).userData();

    assertThat(requests)
        .containsExactly(
            "PUT /latest/api/token ttl=300", "GET /latest/user-data token=imds-session-token");
    UserData data = UserData.parse(text);
    assertThat(data.workspace()).isEqualTo("ws-1");
    assertThat(data.broker()).isEqualTo(URI.create("https://broker.enclave.internal:9443"));
    assertThat(data.bootToken()).hasSize(43);
  }

  @Test
  void anInstanceWithoutUserDataFailsAtOnceAndAnAbsentServiceIsRetried() throws Exception {
    assertThatThrownBy(() -> new InstanceMetadata(imds(404), http).userData())
        .isExactlyInstanceOf(BootException.class)
        .hasMessageContaining("not launched by the enclave's control plane");

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(
            () -> new InstanceMetadata(URI.create("http://127.0.0.1:" + closed), http).userData())
        .isInstanceOf(BootException.Retry.class)
        .hasMessageContaining("does not answer yet");
  }

  @Test
  void userDataThatIsNotTheEnclavesDocumentIsRefusedWithTheReason() {
    assertThatThrownBy(() -> UserData.parse("#!/bin/sh\ncurl evil"))
        .hasMessageContaining("not the enclave's JSON document");
    assertThatThrownBy(() -> UserData.parse("{\"workspace\":\"ws-1\"}"))
        .hasMessageContaining("no string \"broker\"");
    assertThatThrownBy(() -> UserData.parse(DOCUMENT.replace("https://", "http://")))
        .hasMessageContaining("must be an https URL");
    assertThatThrownBy(() -> UserData.parse(DOCUMENT.replace("ws-1", "../etc")))
        .hasMessageContaining("not a workspace id");
    assertThatThrownBy(() -> UserData.parse(DOCUMENT.replace("AAAAAAAAAAAAAAAA", "A+A/")))
        .hasMessageContaining("not a base64url token");
  }

  @Test
  void retriesEndAtTheDeadlineWithTheLastReasonAndOtherFailuresAtOnce() throws Exception {
    Deadline deadline = new Deadline(Clock.systemUTC(), Duration.ofMillis(600));
    List<String> log = new CopyOnWriteArrayList<>();
    assertThatThrownBy(
            () ->
                deadline.retry(
                    () -> {
                      throw new BootException.Retry("broker not up");
                    },
                    log::add))
        .isExactlyInstanceOf(BootException.class)
        .hasMessage("broker not up (gave up at the boot deadline)");
    assertThat(log).isNotEmpty().allMatch(l -> l.equals("broker not up; retrying"));

    Deadline fresh = new Deadline(Clock.systemUTC(), Duration.ofMinutes(1));
    assertThatThrownBy(
            () ->
                fresh.retry(
                    () -> {
                      throw new BootException("token refused");
                    },
                    log::add))
        .hasMessage("token refused");
  }

  @Test
  void jupyterServesOnTheSessionPortUnderTheBasePathWithTheWorkspacesConfiguration()
      throws Exception {
    Path config = Files.createDirectories(dir.resolve("jupyter"));
    Files.writeString(
        config.resolve("jupyter_notebook_config.py"),
        "import os\nc = get_config()\nc.NotebookApp.token = os.environ.pop('JUPYTER_TOKEN')\n"
            // Test machines may run as root; a workspace instance runs it as the user enclave.
            + "c.NotebookApp.allow_root = True\n");
    Path home = Files.createDirectories(dir.resolve("home"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    BootCommand boot =
        new BootCommand(
            Map.of(
                "PATH", System.getenv("PATH"),
                "HOME", home.toString(),
                "ENCLAVE_JUPYTER_CONFIG_DIR", config.toString(),
                "ENCLAVE_SESSION_IP", "127.0.0.1",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"),
            Clock.systemUTC(),
            System.err);
    JupyterServer server =
        boot.server(
            Map.of(
                "ENCLAVE_SESSION_PORT",
                Integer.toString(port),
                "ENCLAVE_SESSION_BASE_URL",
                "/s/ws-1/",
                "JUPYTER_TOKEN",
                "t".repeat(40),
                "AWS_ACCESS_KEY_ID",
                "EKIAX"),
            Map.of());

    assertThat(server.environment())
        .containsEntry("JUPYTER_CONFIG_DIR", config.toString())
        .containsEntry("AWS_ACCESS_KEY_ID", "EKIAX")
        .doesNotContainKeys("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ENCLAVE_SESSION_IP");
    Process p = server.start();
    try {
      server.awaitServing(p, http, new Deadline(Clock.systemUTC(), Duration.ofSeconds(60)));
      var api =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/s/ws-1/api/contents"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).as("contents without the token").isEqualTo(403);
      var withToken =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/s/ws-1/api/contents"))
                  .header("Authorization", "token " + "t".repeat(40))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(withToken.statusCode()).isEqualTo(200);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  @Test
  void aBootEnvironmentWithoutTheSessionPortOrWithABadBasePathIsRefused() {
    BootCommand boot = new BootCommand(Map.of(), Clock.systemUTC(), System.err);
    assertThatThrownBy(() -> boot.server(Map.of(), Map.of()))
        .hasMessageContaining("no ENCLAVE_SESSION_PORT");
    assertThatThrownBy(
            () ->
                boot.server(
                    Map.of("ENCLAVE_SESSION_PORT", "8888", "ENCLAVE_SESSION_BASE_URL", "/s/../x/"),
                    Map.of()))
        .hasMessageContaining("not a path like");
  }

  /** What the boot under test wrote to its log. */
  final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();

  private BootCommand boot(Map<String, String> environment) {
    return new BootCommand(
        environment, Clock.systemUTC(), new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void theFirstStepSavesTheCheckedUserDataForItsOwnerOnly() throws Exception {
    URI endpoint = imds(200);
    Path saved = dir.resolve("user-data");
    BootCommand step = boot(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint.toString()));

    assertThat(step.saveUserData(saved)).as(log.toString(StandardCharsets.UTF_8)).isZero();

    assertThat(requests)
        .containsExactly(
            "PUT /latest/api/token ttl=300", "GET /latest/user-data token=imds-session-token");
    assertThat(Files.readString(saved)).isEqualTo(DOCUMENT);
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(saved)))
        .isEqualTo("rw-------");
    try (var left = Files.list(dir)) {
      assertThat(left).as("no partial file left").containsExactly(saved);
    }
  }

  @Test
  void userDataThatIsNotTheEnclavesDocumentIsNotSaved() throws Exception {
    imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    imds.createContext("/latest/api/token", x -> answer(x, 200, "t"));
    imds.createContext("/latest/user-data", x -> answer(x, 200, "#!/bin/sh\ncurl evil"));
    imds.start();
    BootCommand step =
        boot(
            Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                "http://127.0.0.1:" + imds.getAddress().getPort()));

    assertThat(step.saveUserData(dir.resolve("user-data"))).isEqualTo(1);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("could not save the user data: the user data is not the enclave's JSON");
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void theBootItselfNeverAsksTheMetadataServiceAndSaysWhatIsMissing() throws Exception {
    URI endpoint = imds(200);
    Path missing = dir.resolve("user-data");
    BootCommand boot =
        boot(
            Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                endpoint.toString(),
                BootCommand.USER_DATA_FILE,
                missing.toString()));

    assertThat(boot.run()).isEqualTo(1);

    assertThat(requests).as("the metadata service was not asked").isEmpty();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("boot failed: no user data at " + missing)
        .contains("enclave boot --save-user-data " + missing);
  }

  @Test
  void anythingButTheTwoFormsIsAUsageError() throws Exception {
    assertThat(BootCommand.main(new String[] {"--save-user-data"})).isEqualTo(2);
    assertThat(BootCommand.main(new String[] {"--check"})).isEqualTo(2);
    assertThat(BootCommand.main(new String[] {"--save-user-data", "a", "b"})).isEqualTo(2);
  }
}
