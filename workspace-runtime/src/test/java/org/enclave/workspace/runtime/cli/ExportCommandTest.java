package org.enclave.workspace.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.enclave.workspace.runtime.client.EnclaveClient;
import org.enclave.workspace.runtime.client.EnclaveEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enclave export}: each file hashed first, staged signed over its real hash, then one
 * request naming every staged file with the hash computed before sending; files outside the home
 * never leave the machine; refusals are told as the control plane gave them.
 */
class ExportCommandTest {
  record Seen(String method, String path, String query, String hash, byte[] body) {}

  @TempDir Path dir;
  Path home;
  HttpServer server;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final AtomicInteger ids = new AtomicInteger();
  volatile String refusal;

  @BeforeEach
  void start() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String path = ex.getRequestURI().getRawPath();
          seen.add(
              new Seen(
                  ex.getRequestMethod(),
                  path,
                  ex.getRequestURI().getRawQuery(),
                  ex.getRequestHeaders().getFirst("x-amz-content-sha256"),
                  body));
          int status;
          String answer;
          if (refusal != null
              && path.equals("/-/exports")
              && ex.getRequestMethod().equals("POST")) {
            status = 409;
            answer = refusal;
          } else if (path.equals("/-/exports/files")) {
            status = 201;
            answer =
                "{\"id\":\"00000000-0000-0000-0000-00000000000"
                    + ids.incrementAndGet()
                    + "\",\"sha256\":\""
                    + sha256(body)
                    + "\"}";
          } else if (path.equals("/-/exports") && ex.getRequestMethod().equals("GET")) {
            status = 200;
            answer =
                "{\"requests\":[{\"id\":\"r1\",\"state\":\"submitted\",\"createdAt\":\"2026-12-07T03:00:00Z\","
                    + "\"author\":\"alice\",\"files\":[{\"name\":\"t.csv\",\"sizeBytes\":3,\"sha256\":\"ab\"}]}]}";
          } else if (path.endsWith("/withdraw")) {
            status = 200;
            answer = "{\"id\":\"11111111-1111-1111-1111-111111111111\",\"state\":\"withdrawn\"}";
          } else {
            status = 201;
            answer =
                "{\"id\":\"22222222-2222-2222-2222-222222222222\",\"state\":\"submitted\","
                    + "\"files\":[{\"name\":\"results/table.csv\",\"sizeBytes\":9,\"sha256\":\"cd\"}],"
                    + "\"findings\":[{\"rule\":\"verbatim-text\"},{\"rule\":\"zero-count\"},"
                    + "{\"rule\":\"verbatim-text\"}]}";
          }
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private EnclaveCliTest.Run run(String... args) {
    Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
            "AWS_ACCESS_KEY_ID", "EKIAAAAAAAAAAAAAAAAA",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_REGION", "us-east-1",
            "HOME", home.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new EnclaveCli(
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                e -> new EnclaveClient(EnclaveEnvironment.from(e)))
            .run(args);
    return new EnclaveCliTest.Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void stagesEachFileSignedOverItsHashThenFilesOneRequestNamingThemAll() throws Exception {
    Files.createDirectories(home.resolve("results"));
    byte[] table = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    byte[] figure = "<svg/>".getBytes(StandardCharsets.UTF_8);
    Files.write(home.resolve("results/table.csv"), table);
    Files.write(home.resolve("fig.svg"), figure);

    EnclaveCliTest.Run r =
        run(
            "export",
            "request",
            home.resolve("results/table.csv").toString(),
            home.resolve("fig.svg").toString(),
            "--justification",
            "Table 2 \"scores\"\nand Figure 1");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("export request 22222222-2222-2222-2222-222222222222 is submitted")
        .contains("results/table.csv")
        .contains("the checks found 2 verbatim-text, 1 zero-count")
        .contains("two reviewers");
    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).path()).isEqualTo("/-/exports/files");
    assertThat(seen.get(0).query()).isEqualTo("name=results%2Ftable.csv");
    assertThat(seen.get(0).body()).isEqualTo(table);
    assertThat(seen.get(0).hash()).isEqualTo(sha256(table));
    assertThat(seen.get(1).query()).isEqualTo("name=fig.svg");
    Seen request = seen.get(2);
    assertThat(request.path()).isEqualTo("/-/exports");
    assertThat(request.hash()).isEqualTo(sha256(request.body()));
    assertThat(new String(request.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"justification\":\"Table 2 \\\"scores\\\"\\nand Figure 1\",\"files\":["
                + "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"sha256\":\""
                + sha256(table)
                + "\"},{\"id\":\"00000000-0000-0000-0000-000000000002\",\"sha256\":\""
                + sha256(figure)
                + "\"}]}");
  }

  @Test
  void aResubmissionNamesTheReturnedRequest() throws Exception {
    Files.write(home.resolve("t.csv"), "a\n".getBytes(StandardCharsets.UTF_8));
    String returned = "33333333-3333-3333-3333-333333333333";
    EnclaveCliTest.Run r =
        run(
            "export",
            "request",
            home.resolve("t.csv").toString(),
            "--justification",
            "fixed",
            "--resubmits",
            returned);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(new String(seen.get(1).body(), StandardCharsets.UTF_8))
        .endsWith("],\"resubmits\":\"" + returned + "\"}");
    assertThat(
            run(
                    "export",
                    "request",
                    home.resolve("t.csv").toString(),
                    "--justification",
                    "j",
                    "--resubmits",
                    "last-one")
                .status())
        .isEqualTo(2);
    assertThat(run("export", "request", home.resolve("t.csv").toString(), "--resubmits").status())
        .isEqualTo(2);
  }

  @Test
  void filesOutsideTheHomeOrMissingNeverLeaveTheMachine() throws Exception {
    Path outside = Files.writeString(dir.resolve("secret.txt"), "x");
    Files.createSymbolicLink(home.resolve("link.txt"), outside);

    EnclaveCliTest.Run out = run("export", "request", outside.toString(), "--justification", "j");
    assertThat(out.status()).isEqualTo(1);
    assertThat(out.err()).contains("outside the home directory");
    EnclaveCliTest.Run link =
        run("export", "request", home.resolve("link.txt").toString(), "--justification", "j");
    assertThat(link.status()).isEqualTo(1);
    assertThat(link.err()).contains("outside the home directory");
    EnclaveCliTest.Run missing =
        run("export", "request", home.resolve("nope.csv").toString(), "--justification", "j");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    EnclaveCliTest.Run folder = run("export", "request", home.toString(), "--justification", "j");
    assertThat(folder.status()).isEqualTo(1);
    assertThat(seen).isEmpty();
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    Files.writeString(home.resolve("a.txt"), "a");
    String a = home.resolve("a.txt").toString();
    assertThat(run("export", "request", a).status()).isEqualTo(2);
    assertThat(run("export", "request", a, "--justification").status()).isEqualTo(2);
    assertThat(run("export", "request", "--justification", "j").status()).isEqualTo(2);
    assertThat(run("export", "request", a, "--to", "x", "--justification", "j").status())
        .isEqualTo(2);
    assertThat(run("export", "upload").status()).isEqualTo(2);
    assertThat(run("export", "withdraw", "r1").status()).isEqualTo(2);
    assertThat(run("export").status()).isEqualTo(2);
    assertThat(seen).isEmpty();
  }

  @Test
  void aRefusalIsToldWithItsCodeAndDetail() throws Exception {
    Files.writeString(home.resolve("m.bin"), "weights");
    refusal =
        "{\"code\":\"export-file-changed\",\"detail\":\"the file changed while it was sent\"}";

    EnclaveCliTest.Run r =
        run("export", "request", home.resolve("m.bin").toString(), "--justification", "model");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("the export request was refused: export-file-changed: the file changed");
  }

  @Test
  void listsTheTeamsRequestsAndWithdrawsOne() {
    EnclaveCliTest.Run list = run("export", "list");
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out()).contains("r1  submitted  2026-12-07T03:00:00Z  alice").contains("t.csv");
    assertThat(seen.get(0).method()).isEqualTo("GET");

    EnclaveCliTest.Run w = run("export", "withdraw", "11111111-1111-1111-1111-111111111111");
    assertThat(w.status()).as(w.err()).isZero();
    assertThat(w.out()).contains("is withdrawn");
    assertThat(seen.get(1).path())
        .isEqualTo("/-/exports/11111111-1111-1111-1111-111111111111/withdraw");
  }
}
