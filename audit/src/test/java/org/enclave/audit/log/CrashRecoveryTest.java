package org.enclave.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.log.WriterProcess.Ack;
import org.enclave.audit.merkle.ProofVerifier;
import org.enclave.audit.merkle.TreeVerifier;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.AuditMigrations;
import org.enclave.audit.postgres.LogEntry;
import org.enclave.audit.postgres.PostgresLogStore;
import org.enclave.audit.postgres.PostgresLogStore.StoredCheckpoint;
import org.enclave.audit.verify.PostgresDump;
import org.enclave.audit.verify.VerifierMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead promise of {@link TamperEvidentLog#append} under a crash. A separate JVM with
 * eight writers appending without pause ({@link CrashWriter}) is killed with SIGKILL after a few
 * thousand acknowledged appends, at a moment that varies from run to run; then PostgreSQL is killed
 * the same way, so that its restart must replay the WAL. After the restart every append that
 * returned is there holding the event its writer sent, the log is contiguous and verifies with all
 * its signed checkpoints, and a new log instance appends to it and signs a checkpoint consistent
 * with every one from before the crash.
 *
 * <p>Killing processes loses what they held in memory, not what the operating system had yet to
 * write to disk; a power cut would also lose that. Whether an fsync reaches the disk is left to
 * PostgreSQL, with {@code fsync} on.
 */
class CrashRecoveryTest {
  private static final int WRITERS = 8;
  private static final int APPENDS_AFTER_RESTART = 16;

  @TempDir Path dir;

  private CrashablePostgres postgres;
  private WriterProcess writers;

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (writers != null) {
        writers.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyAcknowledgedAppendSurvivesKillingTheWritersAndThenPostgres() throws Exception {
    int killAfter = 2_000 + ThreadLocalRandom.current().nextInt(2_000);
    NoteSigner key = NoteSigner.generate("enclave.test/crash", new SecureRandom());
    Path keyFile = Files.writeString(dir.resolve("log.key"), key.signerKey());
    Path anchorFile = dir.resolve("anchor.log");
    postgres = new CrashablePostgres(dir.resolve("pgdata"), dir.resolve("postgres.log"));
    postgres.start();
    assertDurableSettings();
    AuditMigrations.apply(postgres.dataSource());

    writers =
        WriterProcess.start(
            postgres.jdbcUrl(), keyFile, anchorFile, WRITERS, dir.resolve("writers.err"));
    writers.awaitAcks(killAfter, Duration.ofSeconds(60));
    long pid = writers.pid();
    assertThat(writers.kill()).as("exit status after SIGKILL").isEqualTo(128 + 9);
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    Map<Long, Ack> acks = writers.acks();
    assertThat(writers.otherLines()).isEmpty();

    awaitOtherSessionsGone();
    PostgresLogStore store = new PostgresLogStore(postgres.dataSource());
    long committed = store.size();
    byte[] committedRoot = store.root(committed);
    List<StoredCheckpoint> checkpoints = store.checkpoints(-1, Integer.MAX_VALUE);

    long logOffset = Files.size(postgres.serverLog());
    assertThat(postgres.kill()).as("postgres processes killed").isGreaterThan(1);
    postgres.start();
    assertThat(serverLogFrom(logOffset))
        .as("the server log of the restart")
        .contains("automatic recovery in progress")
        .contains("redo starts at");
    assertDurableSettings();

    store = new PostgresLogStore(postgres.dataSource());
    assertThat(store.size()).as("entries after WAL recovery").isEqualTo(committed);
    assertThat(store.root(committed)).isEqualTo(committedRoot);
    assertThat(store.checkpoints(-1, Integer.MAX_VALUE)).isEqualTo(checkpoints);
    List<LogEntry> entries = store.entries(0, Integer.MAX_VALUE);
    assertHoldsWhatWasAcknowledged(entries, acks, killAfter);
    assertAnchoredCheckpointsAreStored(anchorFile, checkpoints);

    Map<?, ?> verified = verifyDump(key);
    assertThat(verified.get("entries")).isEqualTo(committed);
    assertThat(verified.get("root")).isEqualTo(base64(committedRoot));
    assertThat(verified.get("signedSize"))
        .isEqualTo(checkpoints.get(checkpoints.size() - 1).treeSize());

    Checkpoint after = appendAndCheckpoint(store, key, anchorFile);
    long size = committed + (long) WRITERS * APPENDS_AFTER_RESTART;
    assertThat(after.size()).isEqualTo(size);
    assertThat(after.rootHash()).isEqualTo(recomputedRoot(store.entries(0, Integer.MAX_VALUE)));
    for (StoredCheckpoint stored : checkpoints) {
      Checkpoint before = open(stored.note(), key);
      ProofVerifier.verifyConsistency(
          before.size(),
          after.size(),
          before.rootHash(),
          after.rootHash(),
          store.consistencyProof(before.size(), after.size()));
    }
    verified = verifyDump(key);
    assertThat(verified.get("entries")).isEqualTo(size);
    assertThat(verified.get("signedSize")).isEqualTo(size);
  }

  /**
   * Each entry, in index order, is the next event of one writer, byte for byte as it was sent; so a
   * writer's events are stored in the order it sent them, none twice and none skipped. Every
   * acknowledged index holds the acknowledged event, and each writer has at most one stored event
   * beyond its last acknowledged one (committed when the process died, before the ack was printed).
   */
  private static void assertHoldsWhatWasAcknowledged(
      List<LogEntry> entries, Map<Long, Ack> acks, int killAfter) {
    assertThat(acks).as("acks").hasSizeGreaterThanOrEqualTo(killAfter);
    long[] stored = new long[WRITERS];
    for (int i = 0; i < entries.size(); i++) {
      LogEntry entry = entries.get(i);
      if (entry.index() != i) {
        fail("entry " + i + " is missing; the next entry stored is " + entry.index());
      }
      AuditEvent event = AuditEventCodec.decodeEvent(entry.data());
      int writer = Integer.parseInt(event.actor().substring("writer-".length()));
      assertThat(writer).as("writer of entry %d", i).isBetween(0, WRITERS - 1);
      long seq = stored[writer]++;
      byte[] sent = AuditEventCodec.encode(CrashWriter.event(writer, seq));
      if (!Arrays.equals(entry.data(), sent)) {
        fail(
            "entry %d holds %s, but event %d of writer %d is %s",
            i,
            new String(entry.data(), StandardCharsets.UTF_8),
            seq,
            writer,
            new String(sent, StandardCharsets.UTF_8));
      }
      Ack ack = acks.get(entry.index());
      if (ack != null) {
        assertThat(new Ack(i, writer, seq)).as("acknowledged entry %d", i).isEqualTo(ack);
      }
    }
    List<Ack> lost =
        acks.values().stream()
            .filter(a -> a.index() >= entries.size())
            .sorted(Comparator.comparingLong(Ack::index))
            .toList();
    if (!lost.isEmpty()) {
      fail(
          "%d of %d acknowledged appends are lost: the log holds %d entries after the crash,"
              + " but %s returned",
          lost.size(), acks.size(), entries.size(), lost.get(0));
    }
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      long lastAcked =
          acks.values().stream()
              .filter(a -> a.writer() == writer)
              .mapToLong(Ack::seq)
              .max()
              .orElse(-1);
      assertThat(stored[w] - 1)
          .as("last stored event of writer %d", w)
          .isBetween(lastAcked, lastAcked + 1);
    }
  }

  /**
   * Every checkpoint the log anchored outside the database is also stored in it. The anchor file
   * holds signed notes, each followed by a blank line; a note itself is its text, a blank line and
   * its signature lines.
   */
  private static void assertAnchoredCheckpointsAreStored(
      Path anchorFile, List<StoredCheckpoint> stored) throws Exception {
    String[] parts = Files.readString(anchorFile).split("\n\n");
    assertThat(parts.length % 2).as("texts and signature blocks in the anchor file").isZero();
    List<String> anchored = new ArrayList<>();
    for (int i = 0; i < parts.length; i += 2) {
      anchored.add(parts[i] + "\n\n" + parts[i + 1] + "\n");
    }
    assertThat(anchored).isNotEmpty();
    assertThat(stored.stream().map(StoredCheckpoint::note).toList()).containsAll(anchored);
  }

  /** Appends with a new log instance on the recovered database and signs a checkpoint. */
  private static Checkpoint appendAndCheckpoint(
      PostgresLogStore store, NoteSigner key, Path anchorFile) throws Exception {
    long first = store.size();
    List<Long> indexes = new ArrayList<>();
    String note;
    try (TamperEvidentLog log =
        new TamperEvidentLog(
            store,
            key,
            new FileCheckpointAnchor(anchorFile),
            new TamperEvidentLog.Options(64, 1024, Duration.ofHours(1)))) {
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<List<Long>>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = WRITERS + w;
          done.add(
              pool.submit(
                  () -> {
                    List<Long> mine = new ArrayList<>();
                    for (int seq = 0; seq < APPENDS_AFTER_RESTART; seq++) {
                      mine.add(log.append(CrashWriter.event(writer, seq)));
                    }
                    return mine;
                  }));
        }
        for (Future<List<Long>> f : done) {
          indexes.addAll(f.get(1, TimeUnit.MINUTES));
        }
      } finally {
        pool.shutdownNow();
      }
      note = log.checkpoint().orElseThrow();
    }
    assertThat(indexes)
        .as("indexes appended after the restart")
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(first, first + (long) WRITERS * APPENDS_AFTER_RESTART)
                .boxed()
                .toList());
    return open(note, key);
  }

  /**
   * Dumps the database as the verifier CLI's {@code dump} does and verifies the dump with the log
   * key as {@code verify --json} does; the log must verify.
   *
   * @return the verifier's JSON result
   */
  private Map<?, ?> verifyDump(NoteSigner key) throws Exception {
    Path dump = Files.createTempFile(dir, "dump", ".jsonl");
    try (Connection c = postgres.dataSource().getConnection();
        Writer out = Files.newBufferedWriter(dump, StandardCharsets.UTF_8)) {
      PostgresDump.write(c, out);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        VerifierMain.run(
            new String[] {
              "verify", "--json", "--key", key.verifier().verifierKey(), dump.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    String result = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(exit).as("verifier: %s %s", result, err).isEqualTo(VerifierMain.OK);
    return (Map<?, ?>) CanonicalJson.parse(result.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] recomputedRoot(List<LogEntry> entries) {
    TreeVerifier tree = new TreeVerifier();
    entries.forEach(e -> tree.append(e.data()));
    return tree.root();
  }

  private static Checkpoint open(String note, NoteSigner key) {
    return Checkpoint.open(note.getBytes(StandardCharsets.UTF_8), key.verifier());
  }

  /**
   * Waits until the killed writers' database sessions have ended, so that a commit they had sent
   * has either completed or been abandoned before the log's size is taken.
   */
  private void awaitOtherSessionsGone() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement()) {
      while (true) {
        try (ResultSet rs =
            s.executeQuery(
                "select count(*) from pg_stat_activity"
                    + " where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          fail("the killed writers' database sessions are still open after 10 s");
        }
        Thread.sleep(10);
      }
    }
  }

  private void assertDurableSettings() throws Exception {
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (ResultSet rs = s.executeQuery("show " + setting)) {
          rs.next();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  private String serverLogFrom(long offset) throws Exception {
    try (RandomAccessFile log = new RandomAccessFile(postgres.serverLog().toFile(), "r")) {
      byte[] tail = new byte[(int) (log.length() - offset)];
      log.seek(offset);
      log.readFully(tail);
      return new String(tail, StandardCharsets.UTF_8);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
