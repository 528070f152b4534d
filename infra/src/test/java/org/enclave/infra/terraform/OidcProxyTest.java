package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OIDC egress proxy's configuration ({@code modules/oidc-egress/files/squid.conf.tftpl}) and
 * entry point ({@code image/oidc-proxy}), run in Debian's Squid as the image runs them: rendered
 * the way the module renders them, started by the entry point as Squid's own unprivileged user.
 * Only the listener address, the client network and the place of the access log differ, so that the
 * test can reach it on loopback.
 *
 * <p>A host on the list is mapped to 127.0.0.1 (a {@code hosts_file} added for the test), where a
 * listener on port 443 answers through the tunnel when the test may bind that port (as root);
 * otherwise the test sees that the proxy got past its access rules (a 5xx from the connection, not
 * its 403).
 */
class OidcProxyTest {
  static final String ISSUER = "login.example.org";
  static final String COGNITO = "cognito-idp.eu-west-2.amazonaws.com";

  static Path module() {
    return TerraformRepo.module("oidc-egress");
  }

  static String template() {
    return TerraformRepo.relative(module().resolve("files/squid.conf.tftpl"));
  }

  @Test
  void opensTunnelsOnlyToPort443OfTheListedHosts() throws Exception {
    try (Echo echo = Echo.on443();
        Squid squid = Squid.start("127.0.0.0/8")) {
      Reply issuer = squid.connect(ISSUER + ":443", echo != null ? "ping" : null);
      if (echo != null) {
        assertThat(issuer.status())
            .as("%s: CONNECT %s:443 opens a tunnel (200)", template(), ISSUER)
            .isEqualTo(200);
        assertThat(issuer.tunnelled())
            .as("%s: bytes pass through the tunnel to the issuer", template())
            .isEqualTo("pong ping");
      } else {
        assertThat(issuer.status())
            .as("%s: CONNECT %s:443 passes the proxy's access rules (not 403)", template(), ISSUER)
            .isNotEqualTo(403);
      }
      assertThat(squid.connect(COGNITO + ":443", null).status())
          .as("%s: CONNECT %s:443 passes the proxy's access rules (not 403)", template(), COGNITO)
          .isNotEqualTo(403);

      List<String> refused =
          List.of(
              "CONNECT evil.example.org:443",
              "CONNECT sub." + ISSUER + ":443",
              "CONNECT example.org:443",
              "CONNECT " + ISSUER + ".evil.example:443",
              "CONNECT " + ISSUER + ":80",
              "CONNECT " + ISSUER + ":22",
              "CONNECT " + ISSUER + ":8443",
              "CONNECT 127.0.0.1:443",
              "CONNECT 169.254.169.254:443",
              "CONNECT [::1]:443",
              "GET http://" + ISSUER + "/",
              "GET https://" + ISSUER + "/",
              "POST http://" + ISSUER + "/token");
      List<String> let = new ArrayList<>();
      for (String request : refused) {
        int status = squid.request(request).status();
        if (status != 403) {
          let.add(request + " -> " + status);
        }
      }
      assertThat(let)
          .as(
              "%s: the proxy answers 403 to everything but CONNECT to port 443 of the listed"
                  + " hosts (other hosts, subdomains, ports, IP addresses, plain HTTP)",
              template())
          .isEmpty();

      String log = squid.accessLog(refused.size() + 2);
      assertThat(log)
          .as(
              "%s: every request is in the access log with its client, result and bytes",
              template())
          .contains("127.0.0.1 TCP_DENIED", "CONNECT evil.example.org:443", "GET http://")
          .containsPattern("CONNECT " + ISSUER.replace(".", "\\.") + ":443 [0-9]+ [0-9]+ [0-9]+");
    }
  }

  @Test
  void refusesClientsOutsideTheEdgeVpc() throws Exception {
    try (Squid squid = Squid.start("10.41.0.0/16")) {
      assertThat(squid.connect(ISSUER + ":443", null).status())
          .as(
              "%s: a client outside source_cidr (the edge VPC) is refused even for a listed host",
              template())
          .isEqualTo(403);
    }
  }

  @Test
  void theEntryPointRefusesAnEmptyOrBrokenConfiguration() throws Exception {
    Path dir = Squid.runDir();
    String script = TerraformRepo.relative(module().resolve("image/oidc-proxy"));
    assertThat(Squid.entryPoint(dir, "").waitFor())
        .as("%s: an empty SQUID_CONF stops the entry point (64)", script)
        .isEqualTo(64);
    Process broken = Squid.entryPoint(dir, "http_port 127.0.0.1:1\nhttp_acces allow all\n");
    assertThat(broken.waitFor(30, TimeUnit.SECONDS))
        .as("%s: a configuration Squid cannot parse stops the entry point", script)
        .isTrue();
    assertThat(broken.exitValue())
        .as("%s: a configuration Squid cannot parse stops the entry point (78)", script)
        .isEqualTo(78);
  }

  record Reply(int status, String tunnelled) {}

  /** A listener on 127.0.0.1:443 that answers "pong " and the line it reads; null if not root. */
  static final class Echo implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    private Echo(ServerSocket server) {
      this.server = server;
      this.thread = new Thread(this::serve, "oidc-proxy-test-echo");
      thread.setDaemon(true);
      thread.start();
    }

    static Echo on443() {
      try {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 443));
        return new Echo(server);
      } catch (IOException e) {
        return null;
      }
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket client = server.accept()) {
          client.setSoTimeout(5000);
          var in =
              new BufferedReader(
                  new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
          String line = in.readLine();
          OutputStream out = client.getOutputStream();
          out.write(("pong " + line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          // closed, or a client that went away
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** Squid, started by the image's entry point with the module's rendered configuration. */
  static final class Squid implements AutoCloseable {
    private final Process process;
    private final int port;

    /** Squid's messages and the access log (thread-safe: its methods are synchronized). */
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private Squid(Process process, int port) {
      this.process = process;
      this.port = port;
      Thread copy =
          new Thread(
              () -> {
                try (InputStream in = process.getInputStream()) {
                  in.transferTo(stdout);
                } catch (IOException e) {
                  // the process ended
                }
              },
              "oidc-proxy-test-stdout");
      copy.setDaemon(true);
      copy.start();
    }

    static Squid start(String sourceCidr) throws Exception {
      Path dir = runDir();
      int port = freePort();
      Path hosts = dir.resolve("hosts");
      Files.writeString(hosts, "127.0.0.1 " + ISSUER + "\n");
      String conf =
          render(
              Map.of(
                  "port",
                  "127.0.0.1:" + port,
                  "source_cidr",
                  sourceCidr,
                  "hosts",
                  ISSUER + " " + COGNITO,
                  "run_dir",
                  dir.toString()));
      // The test's one addition: the listed issuer resolves to the local listener; the Cognito
      // host resolves as usual (and fails here, which is past the access rules).
      conf += "\nhosts_file " + hosts + "\n";
      Process process = entryPoint(dir, conf);
      Squid squid = new Squid(process, port);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (true) {
        try (Socket probe = new Socket()) {
          probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
          return squid;
        } catch (IOException notYet) {
          if (!process.isAlive() || Instant.now().isAfter(deadline)) {
            squid.close();
            throw new AssertionError(
                template()
                    + ": Squid did not start with the rendered configuration: "
                    + squid.stdout.toString(StandardCharsets.UTF_8));
          }
          Thread.sleep(50);
        }
      }
    }

    /** The template with Terraform's {@code ${name}} placeholders filled in. */
    static String render(Map<String, String> values) {
      String text = TerraformRepo.read(module().resolve("files/squid.conf.tftpl"));
      for (var value : values.entrySet()) {
        text = text.replace("${" + value.getKey() + "}", value.getValue());
      }
      assertThat(text)
          .as("%s: only the placeholders the module fills in (%s)", template(), values.keySet())
          .doesNotContain("${");
      return text;
    }

    /** The entry point as the image runs it: Squid's own user, SQUID_CONF in the environment. */
    static Process entryPoint(Path dir, String conf) throws IOException {
      if (!Files.isExecutable(Path.of("/usr/sbin/squid"))) {
        throw new AssertionError(
            "Squid is not installed (/usr/sbin/squid): ./enclave test installs Debian's squid;"
                + " or apt-get install squid");
      }
      List<String> command = new ArrayList<>();
      if (isRoot()) {
        command.addAll(List.of("setpriv", "--reuid=proxy", "--regid=proxy", "--clear-groups"));
      }
      // A copy in the run directory, which Squid's user can read (the checkout may be private).
      Path script = dir.resolve("oidc-proxy");
      Files.copy(module().resolve("image/oidc-proxy"), script, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      command.addAll(List.of("sh", script.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("SQUID_CONF", conf);
      builder.environment().put("SQUID_RUN_DIR", dir.toString());
      builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      return builder.start();
    }

    static Path runDir() throws IOException {
      Path dir = Files.createTempDirectory("oidc-proxy-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      dir.toFile().deleteOnExit();
      return dir;
    }

    Reply connect(String authority, String line) throws IOException {
      return exchange("CONNECT " + authority, line);
    }

    Reply request(String requestLine) throws IOException {
      return exchange(requestLine, null);
    }

    private Reply exchange(String requestLine, String line) throws IOException {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        socket.setSoTimeout(20000);
        OutputStream out = socket.getOutputStream();
        String target = requestLine.substring(requestLine.indexOf(' ') + 1).trim();
        String host = target.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        out.write(
            (requestLine.trim() + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String status = readLine(in);
        if (!status.startsWith("HTTP/1.1 ")) {
          throw new AssertionError(template() + ": not an HTTP answer to " + requestLine);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        String tunnelled = null;
        if (code == 200 && line != null) {
          while (!readLine(in).isEmpty()) {
            // the rest of the proxy's header
          }
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          tunnelled = readLine(in);
        }
        return new Reply(code, tunnelled);
      }
    }

    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.UTF_8);
    }

    /** The access log so far, once it has at least {@code lines} lines (Squid writes them late). */
    String accessLog(int lines) throws InterruptedException {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      String log;
      do {
        log = stdout.toString(StandardCharsets.UTF_8);
        if (log.lines().filter(l -> l.matches("^[0-9]+\\.[0-9]{3} .*")).count() >= lines) {
          return log;
        }
        Thread.sleep(50);
      } while (Instant.now().isBefore(deadline));
      return log;
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static boolean isRoot() {
      try {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }
  }
}
