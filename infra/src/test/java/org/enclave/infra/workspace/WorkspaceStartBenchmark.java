package org.enclave.infra.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start → ready of bubblewrap workspaces: each run starts a fresh workspace (new home, new uid)
 * behind a fake broker, and measures until {@code start} returns (the bridge answers inside) and
 * until a first HTTP request from inside has reached the broker. Then stops and terminates it.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl infra test-compile
 * java -cp infra/target/classes:infra/target/test-classes \
 *     org.enclave.infra.workspace.WorkspaceStartBenchmark [runs=20]
 * </pre>
 *
 * Needs root, like the tests (the provider gives each workspace its own uid).
 */
public final class WorkspaceStartBenchmark {
  private WorkspaceStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("enclave-bench-");
    List<Double> ready = new ArrayList<>();
    List<Double> firstRequest = new ArrayList<>();
    List<Double> stop = new ArrayList<>();
    try (SandboxFixture fixture = new SandboxFixture(dir)) {
      BubblewrapWorkspaceProvider provider = fixture.provider;
      for (int i = 0; i < runs; i++) {
        String id = SandboxFixture.uniqueId("bench" + i);
        try (FakeBroker broker = FakeBroker.listen(fixture.brokerSocket(id))) {
          long t0 = System.nanoTime();
          fixture.start(fixture.spec(id));
          long t1 = System.nanoTime();
          ExecResult hello =
              provider.exec(
                  id,
                  ExecRequest.of("curl", "-sS", "-m", "30", "http://127.0.0.1:9000/hello")
                      .withTimeout(Duration.ofMinutes(1)));
          long t2 = System.nanoTime();
          if (!hello.stdout().equals(FakeBroker.GREETING)) {
            throw new IllegalStateException("broker not reached: " + hello);
          }
          provider.stop(id);
          long t3 = System.nanoTime();
          provider.terminate(id);
          ready.add(millis(t1 - t0));
          firstRequest.add(millis(t2 - t0));
          stop.add(millis(t3 - t2));
          System.out.printf(
              Locale.ROOT,
              "run %2d: ready %7.1f ms, first request through the broker %7.1f ms, stop %7.1f ms%n",
              i + 1,
              ready.get(i),
              firstRequest.get(i),
              stop.get(i));
        }
      }
    } finally {
      Trees.deleteRecursively(dir);
    }
    report("start -> ready (bridge answers inside)", ready);
    report("start -> first request reached the broker", firstRequest);
    report("stop", stop);
  }

  private static void report(String what, List<Double> millis) {
    List<Double> sorted = millis.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "%-45s p50 %7.1f ms   p90 %7.1f ms   max %7.1f ms   (n=%d)%n",
        what,
        percentile(sorted, 50),
        percentile(sorted, 90),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
