package org.enclave.api.session;

import static org.enclave.api.support.Api.as;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.SessionProfile;
import org.enclave.api.workspace.WorkspaceScene;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Remote sessions, printed, never asserted (see docs/benchmarks.md): how long from asking a
 * workspace to start until its notebook page is served through the session proxy, and the round
 * trip of a trivial execute (request to reply and idle) over the proxy's WebSocket, for the Python
 * and the Groovy kernel. Run it alone:
 *
 * <pre>
 * ./mvnw -B -ntp -pl workspace-runtime package -DskipTests
 * ./mvnw -B -ntp -pl enclave-api -am verify -Dtest=SessionBenchmark -Dbenchmarks.excluded=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dquarkus.http.test-port=18086
 * </pre>
 */
@QuarkusTest
@TestProfile(SessionProfile.class)
@Tag("benchmark")
class SessionBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STARTS = 7;
  private static final int WARMUP = 30;
  private static final int EXECUTES = 300;

  @TestHTTPResource("/")
  URI base;

  @Test
  void startToNotebookAndKernelRoundTrips() throws Exception {
    SessionProfile.requireRuntime();
    WorkspaceScene scene = new WorkspaceScene();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, "/console", scene.lead, "researcher");
    System.out.printf(Locale.ROOT, "%nload average at start: %s%n", loadAverage());

    List<Double> toReady = new ArrayList<>();
    List<Double> toPage = new ArrayList<>();
    String kept = null;
    for (int i = 0; i < STARTS; i++) {
      String id = scene.create();
      long t0 = System.nanoTime();
      WorkspaceScene.start(scene.lead, id).then().statusCode(200);
      long ready = System.nanoTime();
      HttpResponse<String> tree;
      do {
        tree = lead.get("/workspaces/" + id + "/session/tree");
      } while (tree.statusCode() != 200 || !tree.body().contains("notebook_list"));
      long page = System.nanoTime();
      toReady.add((ready - t0) / 1e6);
      toPage.add((page - t0) / 1e6);
      if (i == STARTS - 1) {
        kept = id;
      } else {
        WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "start → workspace ready (start answered), ms: %s%n",
        summary(toReady, new double[] {0.5}));
    System.out.printf(
        Locale.ROOT,
        "start → notebook page served through the proxy, ms: %s  (each: %s)%n",
        summary(toPage, new double[] {0.5}),
        toPage.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());

    for (String spec : List.of("python3", "enclave-groovy")) {
      HttpResponse<String> k =
          lead.post("/workspaces/" + kept + "/session/api/kernels", "{\"name\":\"" + spec + "\"}");
      if (k.statusCode() != 201) {
        throw new AssertionError("kernel " + spec + " did not start: " + k.body());
      }
      String kernel = JSON.readTree(k.body()).path("id").asText();
      try (KernelChannel channel = KernelChannel.open(lead, kept, kernel)) {
        for (int i = 0; i < WARMUP; i++) {
          channel.execute("1");
        }
        List<Double> rtt = new ArrayList<>();
        for (int i = 0; i < EXECUTES; i++) {
          long t0 = System.nanoTime();
          KernelChannel.Execution e = channel.execute("1");
          rtt.add((System.nanoTime() - t0) / 1e6);
          if (!"ok".equals(e.status())) {
            throw new AssertionError(spec + " execute failed: " + e);
          }
        }
        System.out.printf(
            Locale.ROOT,
            "kernel %s, trivial execute round trip through the proxy (%d), ms: %s%n",
            spec,
            EXECUTES,
            summary(rtt, new double[] {0.5, 0.99}));
      }
    }
    as(scene.lead, "researcher")
        .post("/api/v1/workspaces/" + kept + "/stop")
        .then()
        .statusCode(200);
    System.out.printf(Locale.ROOT, "load average at end: %s%n%n", loadAverage());
  }

  private static String summary(List<Double> values, double[] quantiles) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    StringBuilder b = new StringBuilder();
    for (double q : quantiles) {
      b.append(String.format(Locale.ROOT, "p%d %.1f  ", Math.round(q * 100), quantile(v, q)));
    }
    return b.append(String.format(Locale.ROOT, "min %.1f  max %.1f", v[0], v[v.length - 1]))
        .toString();
  }

  /** Nearest-rank quantile of sorted values. */
  private static double quantile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String loadAverage() {
    try {
      return Arrays.toString(
          Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (Exception e) {
      return "unknown";
    }
  }
}
