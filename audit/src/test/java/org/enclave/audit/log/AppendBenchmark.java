package org.enclave.audit.log;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.LogDatabases;
import org.enclave.audit.postgres.PostgresLogStore;

/**
 * Durable appends per second with concurrent writers on embedded PostgreSQL with fsync and
 * synchronous commit ON, and the latency of each append (p50, p99). Not a test: run it with
 *
 * <pre>
 * ./mvnw -q -pl audit test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp audit/target/classes:audit/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.enclave.audit.log.AppendBenchmark [writers] [seconds]
 * </pre>
 */
public final class AppendBenchmark {
  public static void main(String[] args) throws Exception {
    int writers = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .start()) {
      var ds = pg.getPostgresDatabase();
      LogDatabases.createSchema(ds);
      NoteSigner key = NoteSigner.generate("bench/audit", new SecureRandom());
      var anchor = new FileCheckpointAnchor(Files.createTempFile("anchor", ".log"));
      try (TamperEvidentLog log =
          new TamperEvidentLog(
              new PostgresLogStore(ds), key, anchor, TamperEvidentLog.Options.defaults())) {
        run(log, writers, 3); // warm-up
        long[] lat = run(log, writers, seconds);
        Arrays.sort(lat);
        System.out.printf(
            "writers=%d seconds=%d appends=%d throughput=%.0f/s p50=%.2f ms p99=%.2f ms%n",
            writers,
            seconds,
            lat.length,
            lat.length / (double) seconds,
            lat[lat.length / 2] / 1e6,
            lat[(int) (lat.length * 0.99)] / 1e6);
      }
    }
  }

  private static long[] run(TamperEvidentLog log, int writers, int seconds) throws Exception {
    Instant end = Instant.now().plus(Duration.ofSeconds(seconds));
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<long[]>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      results.add(
          pool.submit(
              () -> {
                long[] buf = new long[1 << 20];
                int n = 0;
                while (Instant.now().isBefore(end) && n < buf.length) {
                  long t0 = System.nanoTime();
                  log.append(
                      new AuditEvent(
                          Instant.now(),
                          "writer-" + id,
                          List.of("researcher"),
                          "dataset.object.read",
                          AuditOutcome.ALLOW,
                          null,
                          "object",
                          "train/posts.jsonl",
                          null,
                          null,
                          null));
                  buf[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(buf, n);
              }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    pool.shutdown();
    return all.stream().flatMapToLong(Arrays::stream).toArray();
  }
}
