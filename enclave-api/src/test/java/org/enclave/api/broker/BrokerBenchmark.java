package org.enclave.api.broker;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.governance.model.AccessModels.ApproveRequest;
import org.enclave.api.governance.model.AccessModels.CreateAccessRequest;
import org.enclave.api.governance.model.AgreementModels.PublishAgreementRequest;
import org.enclave.api.governance.model.DatasetModels.CreateVersionRequest;
import org.enclave.api.governance.model.DatasetModels.RegisterDatasetRequest;
import org.enclave.api.governance.model.TeamModels.CreateTeamRequest;
import org.enclave.api.governance.service.AccessRequestService;
import org.enclave.api.governance.service.AgreementService;
import org.enclave.api.governance.service.DatasetFileService;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Data broker throughput and latency, printed, never asserted (see docs/benchmarks.md): one large
 * object read directly from the file, through the broker (TCP loopback with the AWS SDK, and the
 * workspace's Unix socket by hand), and through {@code org.gaul:s3proxy} serving the same file in a
 * JVM of its own (no authorization, no audit); then 4 KiB GETs by many concurrent readers, each
 * broker GET checking the live grant in PostgreSQL and committing its audit record (fsync on)
 * before it is served. Run it alone:
 *
 * <pre>
 * ./mvnw -B -ntp -q -f enclave-api/src/test/s3proxy/pom.xml dependency:build-classpath \
 *     -Dmdep.outputFile=$PWD/enclave-api/target/s3proxy.classpath
 * ./mvnw -B -ntp -pl enclave-api -am test -Dtest=BrokerBenchmark -Dbenchmarks.excluded=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddurable-postgres=true \
 *     -Dquarkus.http.test-port=18085
 * </pre>
 */
@QuarkusTest
@TestProfile(BrokerBenchmark.Profile.class)
@Tag("benchmark")
class BrokerBenchmark {
  static final long MIB = 1024 * 1024;

  /** Files as large as the benchmark's object. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "enclave.limits.max-file-bytes",
          Long.toString(8L * 1024 * MIB),
          "quarkus.log.category.\"org.enclave\".level",
          "INFO");
    }
  }

  @Inject BrokerEndpoints endpoints;
  @Inject TeamService teams;
  @Inject DatasetService datasets;
  @Inject DatasetFileService files;
  @Inject AgreementService agreements;
  @Inject AccessRequestService requests;
  @Inject EnclaveConfig config;
  @Inject io.micrometer.core.instrument.MeterRegistry metrics;

  private double mean(String timer) {
    var t = metrics.find(timer).timer();
    return t == null ? Double.NaN : t.mean(TimeUnit.MILLISECONDS);
  }

  private double meanRequests(String action) {
    var t =
        metrics
            .find("enclave.broker.requests")
            .tag("action", action)
            .tag("outcome", "allow")
            .timer();
    return t == null ? Double.NaN : t.mean(TimeUnit.MILLISECONDS);
  }

  private final long bigBytes = Long.getLong("broker.bench.size-mib", 1024) * MIB;
  private final int readers = Integer.getInteger("broker.bench.readers", 32);
  private final int seconds = Integer.getInteger("broker.bench.seconds", 20);
  private final List<String> report = new ArrayList<>();

  @Test
  void run() throws Exception {
    Scene s = scene();
    Path objects = config.objectStore().root().toAbsolutePath();
    Path bigFile = objects.resolve(s.bigKey);
    S3Peer peer = S3Peer.start(objects);
    WorkspaceCredentials c = endpoints.openLoopback(s.workspace, 0);
    Path socket = Path.of("target", "broker-bench.sock").toAbsolutePath();
    WorkspaceCredentials u =
        endpoints.open(
            new WorkspaceIdentity("bench-unix", s.workspace.teamId(), s.workspace.owner()), socket);
    try (S3Client broker = client(c.endpoint(), c);
        S3Client proxy = peer == null ? null : client(peer.endpoint, c)) {
      line(
          "%s, %d MiB object, %d cores, load average %s, JDK %s",
          java.time.LocalDate.now(),
          bigBytes / MIB,
          Runtime.getRuntime().availableProcessors(),
          loadAverage(),
          Runtime.version());
      for (int round = 1; round <= 3; round++) {
        double direct = mibPerSecond(bigBytes, () -> readDirect(bigFile));
        double viaBroker = mibPerSecond(bigBytes, () -> readSdk(broker, s.bucket, "big.bin"));
        double viaSocket =
            mibPerSecond(bigBytes, () -> readUnixSocket(u, socket, "/" + s.bucket + "/big.bin"));
        String peerText = "n/a";
        if (proxy != null) {
          double viaPeer =
              mibPerSecond(
                  bigBytes,
                  () -> readSdk(proxy, "datasets", s.bigKey.substring("datasets/".length())));
          peerText =
              String.format(Locale.ROOT, "%.0f MiB/s (%.0f%%)", viaPeer, 100 * viaPeer / direct);
        }
        line(
            "round %d: direct %.0f MiB/s | broker TCP+SDK %.0f MiB/s (%.0f%%) | broker Unix socket %.0f MiB/s (%.0f%%) | s3proxy TCP+SDK %s",
            round,
            direct,
            viaBroker,
            100 * viaBroker / direct,
            viaSocket,
            100 * viaSocket / direct,
            peerText);
      }
      smallGets("broker", broker, s.bucket, "small.bin");
      line(
          "  broker, mean per GET inside the control plane: decision (grant, agreement, file) %.2f ms,"
              + " audit append %.2f ms, whole request %.2f ms",
          mean("enclave.broker.decision"),
          mean("enclave.broker.audit.append"),
          meanRequests("dataset.object.read"));
      if (proxy != null) {
        smallGets("s3proxy", proxy, "datasets", s.smallKey.substring("datasets/".length()));
      }
    } finally {
      endpoints.close(s.workspace.workspaceId());
      endpoints.close("bench-unix");
      if (peer != null) {
        peer.close();
      }
    }
    line("load average at the end: %s", loadAverage());
    System.out.println("\n=== data broker benchmark ===");
    report.forEach(System.out::println);
  }

  private void smallGets(String name, S3Client client, String bucket, String key) throws Exception {
    runReaders(client, bucket, key, Math.max(3, seconds / 4));
    metrics.clear();
    long[] lat = runReaders(client, bucket, key, seconds);
    Arrays.sort(lat);
    line(
        "%s: %d x 4 KiB GETs by %d readers in %d s: %.0f GET/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms",
        name,
        lat.length,
        readers,
        seconds,
        lat.length / (double) seconds,
        lat[lat.length / 2] / 1e6,
        lat[(int) (lat.length * 0.99)] / 1e6,
        lat[lat.length - 1] / 1e6);
  }

  private long[] runReaders(S3Client client, String bucket, String key, int secs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
    List<Future<long[]>> results = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      results.add(
          pool.submit(
              () -> {
                long[] buf = new long[1 << 18];
                int n = 0;
                while (System.nanoTime() < end && n < buf.length) {
                  long t0 = System.nanoTime();
                  byte[] got =
                      client.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
                  buf[n++] = System.nanoTime() - t0;
                  if (got.length != 4096) {
                    throw new IllegalStateException("short read");
                  }
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

  private long readDirect(Path file) throws IOException {
    long total = 0;
    ByteBuffer buf = ByteBuffer.allocate((int) MIB);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buf)) >= 0) {
        total += n;
        buf.clear();
      }
    }
    return total;
  }

  private static long readSdk(S3Client client, String bucket, String key) throws IOException {
    long total = 0;
    byte[] buf = new byte[(int) MIB];
    try (InputStream in = client.getObject(g -> g.bucket(bucket).key(key))) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
      }
    }
    return total;
  }

  private static long readUnixSocket(WorkspaceCredentials c, Path socket, String path)
      throws IOException {
    Map<String, List<String>> headers = BrokerServerTest.signed(c, "GET", path, null, Map.of());
    StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    headers.forEach(
        (k, vs) -> vs.forEach(v -> head.append(k).append(": ").append(v).append("\r\n")));
    head.append("Connection: close\r\n\r\n");
    long total = 0;
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * (int) MIB);
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
      ByteBuffer buf = ByteBuffer.allocateDirect((int) MIB);
      int n;
      while ((n = ch.read(buf)) >= 0) {
        total += n;
        buf.clear();
      }
    }
    return total;
  }

  interface Reader {
    long read() throws Exception;
  }

  private double mibPerSecond(long expected, Reader r) throws Exception {
    long t0 = System.nanoTime();
    long n = r.read();
    long t = System.nanoTime() - t0;
    if (n < expected) {
      throw new IllegalStateException("read " + n + " of " + expected + " bytes");
    }
    return (expected / (double) MIB) / (t / 1e9);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    report.add(s);
    System.out.println(s);
  }

  private static S3Client client(String endpoint, WorkspaceCredentials c) {
    return S3Client.builder()
        .endpointOverride(java.net.URI.create(endpoint))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    c.accessKeyId(), c.secretAccessKey())))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
        // s3proxy 2.6.0 refuses x-amz-checksum-mode; both peers are read the same way.
        .requestChecksumCalculation(
            software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(
            software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  record Scene(WorkspaceIdentity workspace, String bucket, String bigKey, String smallKey) {}

  /** A granted dataset version with the big and the small object, built through the services. */
  private Scene scene() {
    EnclavePrincipal organizer =
        new EnclavePrincipal("bench-organizer", "o", EnumSet.of(Role.ORGANIZER));
    EnclavePrincipal steward = new EnclavePrincipal("bench-steward", "s", EnumSet.of(Role.STEWARD));
    EnclavePrincipal lead = new EnclavePrincipal("bench-lead", "l", EnumSet.of(Role.RESEARCHER));
    UUID team =
        teams
            .create(
                organizer, new CreateTeamRequest("bench-team", "Bench", "bench-lead", List.of()))
            .id();
    UUID ds =
        datasets
            .register(
                steward,
                new RegisterDatasetRequest("bench-data", "benchmark", 3, List.of("bench-steward")))
            .id();
    UUID v = datasets.createVersion(steward, ds, new CreateVersionRequest("v1", "bench")).id();
    files.upload(steward, ds, v, "big.bin", new PatternStream(bigBytes));
    files.upload(steward, ds, v, "small.bin", new PatternStream(4096));
    datasets.publish(steward, ds, v);
    agreements.publish(steward, ds, new PublishAgreementRequest("benchmark terms"));
    agreements.accept(lead, ds, 1);
    UUID request =
        requests
            .create(lead, new CreateAccessRequest(team, ds, v, "benchmark", "BENCH-1", 30))
            .id();
    requests.approve(steward, request, new ApproveRequest(null, null));
    var listed = files.list(ds, v);
    String big = objectKey(ds, v, "big.bin");
    String small = objectKey(ds, v, "small.bin");
    if (listed.size() != 2) {
      throw new IllegalStateException("scene incomplete");
    }
    return new Scene(
        new WorkspaceIdentity("bench-tcp", team, "bench-lead"), "bench-data.v1", big, small);
  }

  @Inject org.enclave.api.governance.persistence.DatasetFileRepository fileRows;

  @jakarta.transaction.Transactional
  String objectKey(UUID ds, UUID v, String path) {
    return fileRows.findByPath(v, path).orElseThrow().objectKey;
  }

  /** Bytes that do not compress: a random megabyte, repeated. */
  static final class PatternStream extends InputStream {
    private static final byte[] BLOCK = new byte[(int) MIB];

    static {
      new Random(42).nextBytes(BLOCK);
    }

    private long left;

    PatternStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return BLOCK[(int) (left % BLOCK.length)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int pos = (int) (left % BLOCK.length);
      int n = (int) Math.min(Math.min(len, left), BLOCK.length - pos);
      System.arraycopy(BLOCK, pos, b, off, n);
      left -= n;
      return n;
    }
  }

  /** org.gaul:s3proxy on the object store's directory, in a JVM of its own. */
  static final class S3Peer implements AutoCloseable {
    final Process process;
    final String endpoint;

    private S3Peer(Process process, String endpoint) {
      this.process = process;
      this.endpoint = endpoint;
    }

    static S3Peer start(Path objects) throws Exception {
      Path cpFile = Path.of("target", "s3proxy.classpath");
      if (!Files.exists(cpFile)) {
        System.out.println(
            "no target/s3proxy.classpath: s3proxy is left out (see the class comment)");
        return null;
      }
      int port;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path dir = Files.createDirectories(Path.of("target", "s3proxy-bench"));
      Path props = dir.resolve("s3proxy.properties");
      Files.writeString(
          props,
          String.join(
                  "\n",
                  "s3proxy.endpoint=http://127.0.0.1:" + port,
                  "s3proxy.authorization=none",
                  "jclouds.provider=filesystem",
                  "jclouds.filesystem.basedir=" + objects)
              + "\n");
      Path logback = dir.resolve("logback.xml");
      Files.writeString(
          logback,
          "<configuration><appender name=\"o\" class=\"ch.qos.logback.core.ConsoleAppender\">"
              + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
              + "<root level=\"WARN\"><appender-ref ref=\"o\"/></root></configuration>\n");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                  "-cp",
                  Files.readString(cpFile).trim(),
                  "org.gaul.s3proxy.Main",
                  "--properties",
                  props.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("s3proxy.log").toFile())
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 500);
          return new S3Peer(p, "http://127.0.0.1:" + port);
        } catch (IOException e) {
          Thread.sleep(300);
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("s3proxy did not start; see " + dir.resolve("s3proxy.log"));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
