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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.enclave.workspace.runtime.client.EnclaveClient;
import org.enclave.workspace.runtime.client.EnclaveEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enclave submit}: what goes on the wire (path, query, body, a payload hash that is the
 * body's SHA-256 and is signed) and what a person reads back, against a stand-in for the broker's
 * channel that answers as the control plane does.
 */
class SubmitCommandTest {
  record Seen(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {}

  @TempDir Path dir;
  HttpServer server;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  volatile int status = 201;
  volatile String answer = "{}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          seen.add(
              new Seen(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getRawPath(),
                  ex.getRequestURI().getRawQuery(),
                  Map.copyOf(ex.getRequestHeaders()),
                  body));
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

  private Map<String, String> env() {
    return Map.of(
        "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
        "AWS_ACCESS_KEY_ID", "EKIAAAAAAAAAAAAAAAAA",
        "AWS_SECRET_ACCESS_KEY", "secret",
        "AWS_REGION", "us-east-1");
  }

  private EnclaveCliTest.Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new EnclaveCli(
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env(),
                e -> new EnclaveClient(EnclaveEnvironment.from(e)))
            .run(args);
    return new EnclaveCliTest.Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sendsTheFileSignedWithItsRealHashAndPrintsTheScores() throws Exception {
    Path file = dir.resolve("run 1.tsv");
    byte[] content = "user_id\tlabel\tscore\nu1\ta\t0.5\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    answer =
        """
        {"id":"3f1c","phaseName":"dev","score":{"run":1,"status":"SCORED",
         "primaryMetric":"macro_f1","primaryValue":0.75,
         "metrics":[{"name":"macro_f1","value":0.75},{"name":"accuracy","value":0.8}]},
         "quota":{"usedToday":1,"dailyLimit":5,"usedInPhase":2,"totalLimit":null}}
        """;

    EnclaveCliTest.Run r = run("submit", "clpsych-demo", file.toString());

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("submission 3f1c accepted in phase dev")
        .contains("primary metric macro_f1: 0.75")
        .contains("accuracy")
        .contains("used: 1 of 5 today, 2 in this phase");
    Seen s = seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/-/tasks/clpsych-demo/submissions");
    assertThat(s.query()).isEqualTo("format=tsv&name=run%201.tsv");
    assertThat(s.body()).isEqualTo(content);
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(s.headers().get("X-amz-content-sha256")).containsExactly(hash);
    assertThat(s.headers().get("Authorization").get(0))
        .startsWith("AWS4-HMAC-SHA256 Credential=EKIAAAAAAAAAAAAAAAAA/")
        .contains("x-amz-content-sha256");
  }

  @Test
  void aRejectedFileListsEveryProblemAndFails() throws Exception {
    Path file = dir.resolve("preds.json");
    Files.writeString(file, "{}");
    status = 422;
    answer =
        """
        {"status":422,"code":"submission-rejected","detail":"the submission was rejected whole",
         "problems":[{"code":"missing-id","detail":"user ids of the test set that the submission\
         does not cover","count":3,"truncated":true,
         "occurrences":[{"userId":"u03"},{"userId":"u04"}]}]}
        """;

    EnclaveCliTest.Run r = run("submit", "t1", file.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("submission refused: submission-rejected")
        .contains("missing-id (3)")
        .contains("u03, u04, ...");
    assertThat(seen.get(0).query()).startsWith("format=json&");
  }

  @Test
  void formatOptionIsCheckedAndPassed() throws Exception {
    Path file = dir.resolve("p.txt");
    Files.writeString(file, "x");
    assertThat(run("submit", "t1", file.toString(), "--format", "xml").status()).isEqualTo(2);
    assertThat(run("submit", "t1").status()).isEqualTo(2);
    status = 201;
    answer = "{\"id\":\"a\",\"score\":{\"status\":\"WITHHELD\",\"detail\":\"hidden\"}}";
    EnclaveCliTest.Run r = run("submit", "t1", file.toString(), "--format", "json");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("score: withheld (hidden)");
    assertThat(seen.get(0).query()).startsWith("format=json&");
  }

  @Test
  void aMissingFileIsAnErrorBeforeAnythingIsSent() {
    EnclaveCliTest.Run r = run("submit", "t1", dir.resolve("nope.tsv").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("no such file");
    assertThat(seen).isEmpty();
  }
}
