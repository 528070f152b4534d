package org.enclave.audit.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.enclave.audit.merkle.CompactRange;
import org.enclave.audit.merkle.MerkleHasher;

/**
 * Prints how long the verifier CLI takes to verify a whole log of a million entries: from a dump
 * file listing checkpoints and subtree hashes first (as {@code dump} writes it, one read), from a
 * dump listing them after the entries (two reads), and from the API served in-process (sharing the
 * cores with the verifier). Every stored subtree hash is checked; a checkpoint is signed every
 * 1,000 entries. Not a test; run after {@code ./mvnw -pl audit verify}:
 *
 * <pre>
 * java -Xmx4g -cp audit/target/enclave-audit-verifier.jar:audit/target/test-classes \
 *     org.enclave.audit.verify.VerifierBenchmark [entries] [entry-bytes]
 * </pre>
 */
public final class VerifierBenchmark {

  private static final int CHECKPOINT_EVERY = 1000;

  private VerifierBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int entryBytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.out.printf(
        "%,d entries of %d bytes, a checkpoint every %,d, %d cores, %s%n",
        entries,
        entryBytes,
        CHECKPOINT_EVERY,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.version"));

    long start = System.nanoTime();
    TestLog log = generate(entries, entryBytes);
    Path dir = Files.createTempDirectory("verifier-benchmark");
    Path sideFirst = write(dir.resolve("side-first.jsonl"), log.lines());
    List<String> reordered = new ArrayList<>(log.lines());
    Collections.rotate(reordered, entries);
    Path sideLast = write(dir.resolve("side-last.jsonl"), reordered);
    System.out.printf(
        "generated %,d entries, %,d subtree hashes, %,d checkpoints in %.1f s; dump %,d MB%n",
        log.entries.size(),
        log.nodes.size(),
        log.checkpoints.size(),
        (System.nanoTime() - start) / 1e9,
        Files.size(sideFirst) >> 20);

    String key = TestLog.SIGNER.verifier().verifierKey();
    Path jar =
        Path.of(VerifierMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (jar.toString().endsWith(".jar")) {
      for (int round = 1; round <= 2; round++) {
        timeProcess(
            "java -jar, dump, one read",
            entries,
            jar,
            "verify",
            "--key",
            key,
            sideFirst.toString());
        timeProcess(
            "java -jar, dump, two reads",
            entries,
            jar,
            "verify",
            "--key",
            key,
            sideLast.toString());
      }
    }
    try (LogApiServer server = LogApiServer.of(log, "benchmark-token")) {
      for (int round = 1; round <= 3; round++) {
        System.out.printf("-- round %d%n", round);
        time(
            "dump, checkpoints and nodes first",
            entries,
            "verify",
            "--key",
            key,
            sideFirst.toString());
        time(
            "dump, entries first (two reads)",
            entries,
            "verify",
            "--key",
            key,
            sideLast.toString());
        time(
            "API, pages of 1,000 (server in-process)",
            entries,
            "verify",
            "--key",
            key,
            "--token",
            "benchmark-token",
            server.baseUrl());
      }
    }
    Files.delete(sideFirst);
    Files.delete(sideLast);
    Files.delete(dir);
  }

  /** A log whose entries look like audit events of {@code entryBytes} bytes. */
  private static TestLog generate(int entries, int entryBytes) {
    TestLog log = new TestLog();
    CompactRange range = new CompactRange();
    for (int i = 0; i < entries; i++) {
      byte[] data = event(i, entryBytes);
      byte[] leaf = MerkleHasher.leafHash(data);
      log.entries.add(new DumpRecord.Entry(i, data, leaf));
      range.append(
          leaf,
          (id, hash) -> {
            if (id.level() > 0) {
              log.nodes.add(new DumpRecord.Node(id.level(), id.index(), hash));
            }
          });
      if (range.size() % CHECKPOINT_EVERY == 0 || i == entries - 1) {
        log.sign(range.size(), range.root());
      }
    }
    return log;
  }

  private static byte[] event(long i, int bytes) {
    String event =
        "{\"action\":\"dataset.read\",\"actor\":{\"subject\":\"user-"
            + (i % 997)
            + "\"},\"bytes\":"
            + (i * 7919 % 1_000_000)
            + ",\"dataset\":\"clpsych-2026\",\"outcome\":\"allow\",\"seq\":"
            + i
            + ",\"pad\":\"";
    char[] pad = new char[Math.max(0, bytes - event.length() - 2)];
    Arrays.fill(pad, 'x');
    return (event + new String(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static Path write(Path file, List<String> lines) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
    return file;
  }

  private static void timeProcess(String what, long entries, Path jar, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = process.waitFor();
    long nanos = System.nanoTime() - start;
    if (exit != VerifierMain.OK) {
      throw new IllegalStateException(what + ": exit code " + exit);
    }
    report(what, nanos, entries);
  }

  private static void time(String what, long entries, String... args) {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    long start = System.nanoTime();
    int exit = VerifierMain.run(args, discard, System.err, Map.of());
    long nanos = System.nanoTime() - start;
    if (exit != VerifierMain.OK) {
      throw new IllegalStateException(what + ": exit code " + exit);
    }
    report(what, nanos, entries);
  }

  private static void report(String what, long nanos, long entries) {
    System.out.printf(
        "%-42s %,8.0f ms  %,10.0f entries/s%n", what, nanos / 1e6, entries / (nanos / 1e9));
  }
}
