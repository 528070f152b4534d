package org.enclave.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.AuditException;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.merkle.TreeVerifier;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.LogDatabases;
import org.enclave.audit.postgres.LogEntry;
import org.enclave.audit.postgres.PostgresLogStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperEvidentLogTest {
  @TempDir Path dir;

  private final NoteSigner key = NoteSigner.generate("enclave.test/audit", new SecureRandom());

  @Test
  void sixteenWritersTimesTenThousandAppendsGiveContiguousEntriesThatVerify() throws Exception {
    PostgresLogStore store = new PostgresLogStore(LogDatabases.fresh());
    FileCheckpointAnchor anchor = new FileCheckpointAnchor(dir.resolve("anchor.log"));
    int writers = 16;
    int each = 10_000;
    Set<Long> indexes = ConcurrentHashMap.newKeySet();
    try (TamperEvidentLog log =
        new TamperEvidentLog(store, key, anchor, TamperEvidentLog.Options.defaults())) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    indexes.add(log.append(event("writer-" + writer, i)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    long total = (long) writers * each;
    assertThat(indexes).hasSize((int) total);
    assertThat(indexes.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isEqualTo(total - 1);
    assertThat(store.size()).isEqualTo(total);

    TreeVerifier recomputed = new TreeVerifier();
    for (long from = 0; from < total; from += 10_000) {
      for (LogEntry e : store.entries(from, 10_000)) {
        assertThat(e.index()).isEqualTo(recomputed.size());
        AuditEventCodec.decodeEvent(e.data());
        recomputed.append(e.data());
      }
    }
    Checkpoint last =
        Checkpoint.open(
            store.latestCheckpoint().orElseThrow().getBytes(StandardCharsets.UTF_8),
            key.verifier());
    assertThat(last.size()).as("close() checkpoints the final tree").isEqualTo(total);
    assertThat(last.rootHash()).isEqualTo(recomputed.root());
    assertThat(Files.readString(anchor.file()))
        .endsWith(store.latestCheckpoint().orElseThrow() + "\n");
  }

  @Test
  void aCheckpointFollowsNewEntriesWithinTheInterval() throws Exception {
    PostgresLogStore store = new PostgresLogStore(LogDatabases.fresh());
    FileCheckpointAnchor anchor = new FileCheckpointAnchor(dir.resolve("anchor.log"));
    try (TamperEvidentLog log =
        new TamperEvidentLog(
            store, key, anchor, new TamperEvidentLog.Options(64, 256, Duration.ofMillis(200)))) {
      long index = log.append(event("sam", 1));
      Instant deadline = Instant.now().plusSeconds(5);
      Checkpoint cp = null;
      while (Instant.now().isBefore(deadline)) {
        var note = store.latestCheckpoint();
        if (note.isPresent()) {
          cp = Checkpoint.open(note.get().getBytes(StandardCharsets.UTF_8), key.verifier());
          if (cp.size() > index) {
            break;
          }
        }
        Thread.sleep(50);
      }
      assertThat(cp).isNotNull();
      assertThat(cp.size()).isEqualTo(index + 1);
      assertThat(cp.origin()).isEqualTo("enclave.test/audit");
      assertThat(log.verifierKey()).isEqualTo(key.verifier().verifierKey());
    }
  }

  @Test
  void aRemoteKeyServiceSignsCheckpointsAndAWrongKeyIsCaught() throws Exception {
    NoteSigner held = NoteSigner.generate("enclave.test/audit", new SecureRandom());
    NoteSigner remote =
        NoteSigner.remote("enclave.test/audit", held.verifier().publicKey(), held::sign);
    NoteSigner other = NoteSigner.generate("enclave.test/audit", new SecureRandom());
    NoteSigner misconfigured =
        NoteSigner.remote("enclave.test/audit", held.verifier().publicKey(), other::sign);

    PostgresLogStore store = new PostgresLogStore(LogDatabases.fresh());
    try (TamperEvidentLog log =
        new TamperEvidentLog(
            store,
            remote,
            new FileCheckpointAnchor(dir.resolve("a.log")),
            TamperEvidentLog.Options.defaults())) {
      log.append(event("sam", 1));
      String note = log.checkpoint().orElseThrow();
      assertThat(Checkpoint.open(note.getBytes(StandardCharsets.UTF_8), held.verifier()).size())
          .isEqualTo(1);
    }
    assertThatThrownBy(() -> misconfigured.sign(new byte[] {1}))
        .hasMessageContaining("does not verify");
    assertThatThrownBy(remote::signerKey).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDatabaseFailureFailsTheAppendClosed() {
    PostgresLogStore unreachable =
        new PostgresLogStore(
            new org.postgresql.ds.PGSimpleDataSource() {
              {
                setURL("jdbc:postgresql://127.0.0.1:1/none");
              }
            });
    try (TamperEvidentLog log =
        new TamperEvidentLog(
            unreachable, key, (size, note) -> {}, TamperEvidentLog.Options.defaults())) {
      assertThatThrownBy(() -> log.append(event("sam", 1))).isInstanceOf(AuditException.class);
    }
  }

  private static AuditEvent event(String actor, int n) {
    return new AuditEvent(
        Instant.parse("2026-11-23T12:00:00Z").plusMillis(n),
        actor,
        List.of("steward"),
        "test.append",
        AuditOutcome.ALLOW,
        "entry " + n,
        "test",
        Integer.toString(n),
        null,
        null,
        null);
  }
}
