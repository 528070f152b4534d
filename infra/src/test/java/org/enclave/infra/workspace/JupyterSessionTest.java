package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jupyter Notebook server as a workspace's main process, on a real sandbox. */
@Tag("sandbox")
class JupyterSessionTest {
  private static final String TOKEN = "t0k3n-for-the-session-proxy-only-0123456789";

  @TempDir Path dir;
  SandboxFixture fixture;
  BubblewrapWorkspaceProvider provider;
  private final java.util.List<FakeBroker> brokers = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
    provider = fixture.provider;
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
    for (FakeBroker b : brokers) {
      b.close();
    }
  }

  private String startJupyter(String name, Path runtimeDir) throws IOException {
    String id = SandboxFixture.uniqueId(name);
    brokers.add(FakeBroker.listen(fixture.brokerSocket(id)));
    Map<String, String> env = new HashMap<>(fixture.spec(id).environment());
    env.put(SessionServer.TOKEN_VARIABLE, TOKEN);
    WorkspaceSpec spec =
        fixture
            .spec(id)
            .withEnvironment(env)
            .withSession(new SessionServer(dir.resolve("session").resolve(id), base(id)))
            .withRuntimeDir(runtimeDir);
    fixture.start(spec);
    return id;
  }

  private static String base(String id) {
    return "/workspaces/" + id + "/session/";
  }

  @Test
  void jupyterAnswersOnTheSessionSocketOnlyWithItsToken() throws Exception {
    String id = startJupyter("jupyter", null);
    Path socket = provider.sessionSocket(id).orElseThrow();
    assertThat(socket).isEqualTo(dir.resolve("session").resolve(id).resolve("session.sock"));

    assertThat(get(socket, base(id) + "api/status", null).status()).isEqualTo(403);
    assertThat(get(socket, base(id) + "api/status", "token wrong").status()).isEqualTo(403);
    Response status = get(socket, base(id) + "api/status", "token " + TOKEN);
    assertThat(status.status()).isEqualTo(200);
    assertThat(get(socket, base(id) + "tree", "token " + TOKEN).status()).isEqualTo(200);
    assertThat(get(socket, base(id) + "api/kernelspecs", "token " + TOKEN).body())
        .contains("python3");
  }

  @Test
  void downloadsTerminalsAndShutdownAreRefusedByJupyterItself() throws Exception {
    String id = startJupyter("refusals", null);
    Path socket = provider.sessionSocket(id).orElseThrow();
    fixture.sh(id, "echo secret > notes.txt");
    String auth = "token " + TOKEN;

    assertThat(get(socket, base(id) + "api/contents/notes.txt", auth).status()).isEqualTo(200);
    for (String path :
        new String[] {
          "files/notes.txt",
          "files/notes.txt?download=1",
          "nbconvert/html/notes.ipynb?download=true",
          "terminals/1",
          "api/terminals",
          "api/shutdown"
        }) {
      Response r = get(socket, base(id) + path, auth);
      assertThat(r.status()).as(path).isEqualTo(403);
      assertThat(r.body()).as(path).doesNotContain("secret");
    }
  }

  @Test
  void serverRunsAsTheWorkspaceUserAndItsKernelsDoNotInheritTheToken() throws Exception {
    String id = startJupyter("user", null);
    Path socket = provider.sessionSocket(id).orElseThrow();
    String procs =
        "for p in /proc/[0-9]*; do c=$(tr '\\0' ' ' < $p/cmdline 2>/dev/null);"
            + " case \"$c\" in *%s*) %s;; esac; done";

    ExecResult ps =
        fixture.sh(id, procs.formatted("python3?/usr/bin/jupyter[-]notebook", "stat -c %U $p"));
    assertThat(ps.stdout().lines().toList()).isNotEmpty().allMatch("researcher"::equals);

    Response kernel =
        request(
            socket, "POST", base(id) + "api/kernels", "token " + TOKEN, "{\"name\":\"python3\"}");
    assertThat(kernel.status()).as(kernel.body()).isEqualTo(201);
    String kernelEnv = procs.formatted("ipykernel[_]launcher", "tr '\\0' '\\n' < $p/environ");
    assertThat(SandboxFixture.await(() -> fixture.sh(id, kernelEnv).stdout().contains("HOME=")))
        .isTrue();
    assertThat(fixture.sh(id, kernelEnv).stdout())
        .contains("AWS_ACCESS_KEY_ID=")
        .doesNotContain(SessionServer.TOKEN_VARIABLE)
        .doesNotContain(TOKEN);
  }

  @Test
  void workspaceCannotSwapTheSocketOnceTheServerRuns() throws Exception {
    String id = startJupyter("swap", null);
    Path sessionDir = dir.resolve("session").resolve(id);
    assertThat(Files.getAttribute(sessionDir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);

    ExecResult swap =
        fixture.sh(
            id,
            "rm -f /run/enclave/session/session.sock; ln -s /run/enclave/broker.sock"
                + " /run/enclave/session/other.sock; ls /run/enclave/session");
    assertThat(swap.stderr()).contains("ermission denied");
    assertThat(swap.stdout().strip()).isEqualTo("session.sock");
    assertThat(provider.sessionSocket(id)).isPresent();
  }

  @Test
  void aLinkInPlaceOfTheSocketIsNeverUsed() throws Exception {
    String id = startJupyter("link", null);
    Path socket = provider.sessionSocket(id).orElseThrow();
    // As if the workspace had managed to replace it: the check refuses a link.
    Files.delete(socket);
    Files.createSymbolicLink(socket, fixture.brokerSocket(id));

    assertThat(provider.sessionSocket(id)).isEmpty();
  }

  @Test
  void restartsAfterKernelsRanInItsHome() throws Exception {
    String id = startJupyter("restart", null);
    Path socket = provider.sessionSocket(id).orElseThrow();
    Response kernel =
        request(
            socket, "POST", base(id) + "api/kernels", "token " + TOKEN, "{\"name\":\"python3\"}");
    assertThat(kernel.status()).isEqualTo(201);
    assertThat(SandboxFixture.await(() -> fixture.sh(id, "test -d ~/.ipython").exitCode() == 0))
        .isTrue();
    provider.stop(id);
    Map<String, String> env = new HashMap<>(fixture.spec(id).environment());
    env.put(SessionServer.TOKEN_VARIABLE, TOKEN);
    fixture.start(
        fixture
            .spec(id)
            .withEnvironment(env)
            .withSession(new SessionServer(dir.resolve("session").resolve(id), base(id))));

    assertThat(
            get(provider.sessionSocket(id).orElseThrow(), base(id) + "api/status", "token " + TOKEN)
                .status())
        .isEqualTo(200);
  }

  @Test
  void sessionSocketIsGoneWhenTheWorkspaceStops() throws Exception {
    String id = startJupyter("stop", null);
    assertThat(provider.sessionSocket(id)).isPresent();

    provider.stop(id);

    assertThat(provider.sessionSocket(id)).isEmpty();
  }

  @Test
  void runtimeKernelsAndToolsAreFoundWhenTheRuntimeDirectoryExists() throws Exception {
    Path runtime = Files.createDirectories(dir.resolve("runtime"));
    Path kernel = Files.createDirectories(runtime.resolve("kernels/enclave-test"));
    Files.writeString(
        kernel.resolve("kernel.json"),
        "{\"argv\":[\"enclave-tool\",\"{connection_file}\"],\"display_name\":\"Enclave test\","
            + "\"language\":\"groovy\"}");
    Path bin = Files.createDirectories(runtime.resolve("bin"));
    Files.writeString(bin.resolve("enclave-tool"), "#!/bin/sh\necho runtime tool\n");
    bin.resolve("enclave-tool").toFile().setExecutable(true, false);
    for (Path p : new Path[] {runtime, kernel.getParent(), kernel, bin}) {
      p.toFile().setReadable(true, false);
      p.toFile().setExecutable(true, false);
    }
    kernel.resolve("kernel.json").toFile().setReadable(true, false);
    bin.resolve("enclave-tool").toFile().setReadable(true, false);
    String id = startJupyter("runtime", runtime);
    Path socket = provider.sessionSocket(id).orElseThrow();

    assertThat(get(socket, base(id) + "api/kernelspecs", "token " + TOKEN).body())
        .contains("enclave-test")
        .contains("python3");
    ExecResult tool = fixture.sh(id, "enclave-tool; touch /opt/enclave/runtime/x");
    assertThat(tool.stdout()).contains("runtime tool");
    assertThat(tool.stderr()).contains("Read-only");
  }

  record Response(int status, String body) {}

  static Response get(Path socket, String path, String authorization) throws IOException {
    return request(socket, "GET", path, authorization, null);
  }

  /** One HTTP/1.0 request over a Unix socket, as root on the host (the control plane's view). */
  static Response request(
      Path socket, String method, String path, String authorization, String json)
      throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      String request =
          method
              + " "
              + path
              + " HTTP/1.0\r\nHost: localhost\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + (json == null
                  ? ""
                  : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
              + "\r\n";
      ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      ch.write(ByteBuffer.wrap(body));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      String text = out.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int bodyAt = text.indexOf("\r\n\r\n");
      return new Response(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
    }
  }
}
