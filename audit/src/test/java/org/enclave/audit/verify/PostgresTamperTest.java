package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.enclave.audit.merkle.AppendResult;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.LogDatabases;
import org.enclave.audit.postgres.PostgresLogStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real log in PostgreSQL, tampered with as a database superuser who switches the append-only
 * triggers off, then dumped and verified through the CLI: every tampering fails and names where.
 */
class PostgresTamperTest {

  private static final String KEY = TestLog.SIGNER.verifier().verifierKey();
  private static final int BATCH = 8;
  private static final int BATCHES = 5;

  private static EmbeddedPostgres postgres;
  private static int databases;

  @TempDir Path dir;
  private DataSource ds;
  private String jdbcUrl;
  private PostgresLogStore store;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  /** 40 entries appended in batches of 8, a signed checkpoint after each batch. */
  @BeforeEach
  void signedLog() throws Exception {
    String db = "tamper" + (++databases);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + db);
    }
    ds = postgres.getDatabase("postgres", db);
    jdbcUrl = postgres.getJdbcUrl("postgres", db);
    LogDatabases.createSchema(ds);
    store = new PostgresLogStore(ds);
    for (int b = 0; b < BATCHES; b++) {
      appendSigned(b * BATCH, BATCH);
    }
  }

  @Test
  void theUntamperedLogVerifies() throws Exception {
    CliRun run = verify(dump());

    assertThat(run.exit()).isEqualTo(VerifierMain.OK);
    assertThat(run.out())
        .contains("entries         40 (indices 0 to 39, contiguous)")
        .contains("subtree hashes  " + (40 - Long.bitCount(40)) + " stored")
        .contains("checkpoints     5 signed by the key, all match the entries; the latest signs 40")
        .contains("root            " + Base64.getEncoder().encodeToString(store.root(40)))
        .endsWith("OK\n");
  }

  @Test
  void oneChangedByteNamesItsEntry() throws Exception {
    superuser(
        "update audit_log_entry set leaf_data = set_byte(leaf_data, 5, get_byte(leaf_data, 5) # 1)"
            + " where idx = 29");

    assertFailsAt(29, "the data of entry 29 does not hash to its stored leaf hash");
  }

  @Test
  void aDeletedEntryIsNamed() throws Exception {
    superuser("delete from audit_log_entry where idx = 13");

    assertFailsAt(13, "entry 13 is missing: the next entry listed is 14");
  }

  @Test
  void swappedEntriesNameTheFirstOfThem() throws Exception {
    superuser(
        "update audit_log_entry e set leaf_data = o.leaf_data, leaf_hash = o.leaf_hash"
            + " from audit_log_entry o where (e.idx, o.idx) in ((10, 27), (27, 10))");

    assertFailsAt(10, "the stored hash of subtree (1, 5) over entries 10 to 11 differs");
  }

  @Test
  void aTruncatedAndRegrownLogNamesWhereItWasCut() throws Exception {
    superuser(
        "delete from audit_log_entry where idx >= 24",
        "delete from audit_log_node where (idx + 1) << level > 24");
    List<byte[]> other = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      other.add(
          ("{\"action\":\"rewritten\",\"event\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    store.append(other);

    assertFailsAt(24, "but the checkpoint of size 32 signs");
  }

  @Test
  void aForgedCheckpointFailsItsSignature() throws Exception {
    String note;
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select note from audit_log_checkpoint where tree_size = 16")) {
      rs.next();
      note = rs.getString(1);
    }
    String root = note.split("\n")[2];
    String forged = note.replace(root, Base64.getEncoder().encodeToString(store.root(15)));
    superuser(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("update audit_log_checkpoint set note = ? where tree_size = 16")) {
            ps.setString(1, forged);
            ps.executeUpdate();
          }
        });

    CliRun run = verify(dump());

    assertThat(run.exit()).isEqualTo(VerifierMain.FAILED);
    assertThat(run.out())
        .startsWith("FAIL: checkpoint #2 (size 16) does not verify with key enclave.test/audit+")
        .contains("invalid signature");
  }

  @Test
  void anotherKeyVerifiesNothing() throws Exception {
    NoteSigner other = NoteSigner.generate(TestLog.ORIGIN, new SecureRandom());

    CliRun run = CliRun.of("verify", "--key", other.verifier().verifierKey(), dump().toString());

    assertThat(run.exit()).isEqualTo(VerifierMain.FAILED);
    assertThat(run.out()).contains("does not verify with key " + TestLog.ORIGIN + "+");
  }

  @Test
  void theLiveApiServingTheDatabaseVerifiesAndFailsAsTheDumpDoes() throws Exception {
    try (LogApiServer server = serve(dump())) {
      CliRun ok =
          CliRun.withEnv(
              Map.of("ENCLAVE_TOKEN", "auditor-token"), "verify", "--key", KEY, server.baseUrl());
      assertThat(ok.exit()).isEqualTo(VerifierMain.OK);
      assertThat(ok.out()).endsWith("OK\n");
    }
    superuser("delete from audit_log_entry where idx = 30");
    try (LogApiServer server = serve(dump())) {
      CliRun failed =
          CliRun.of("verify", "--key", KEY, "--token", "auditor-token", server.baseUrl());
      assertThat(failed.exit()).isEqualTo(VerifierMain.FAILED);
      assertThat(failed.out()).startsWith("FAIL at index 30: entry 30 is missing");
    }
  }

  @Test
  void dumpWritesToStandardOutputWhatItWritesToAFile() throws Exception {
    CliRun run = CliRun.of("dump", "--jdbc-url", jdbcUrl, "--user", "postgres");

    assertThat(run.exit()).isEqualTo(VerifierMain.OK);
    assertThat(run.out()).isEqualTo(Files.readString(dump()));
    assertThat(run.err())
        .isEqualTo(
            "dumped 40 entries, "
                + (40 - Long.bitCount(40))
                + " subtree hashes and 5 checkpoints\n");
  }

  @Test
  void anUnreachableDatabaseIsAnInputError() {
    CliRun run = CliRun.of("dump", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");

    assertThat(run.exit()).isEqualTo(VerifierMain.ERROR);
    assertThat(run.err()).startsWith("error: cannot dump the audit log: ");
  }

  private void appendSigned(int first, int count) throws Exception {
    List<byte[]> data = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      data.add(TestLog.data(i));
    }
    AppendResult appended = store.append(data);
    String note =
        Checkpoint.of(TestLog.ORIGIN, appended.size(), appended.root())
            .sign(TestLog.SIGNER)
            .toString();
    store.saveCheckpoint(appended.size(), note);
  }

  /** Runs statements with the append-only triggers of all three tables switched off. */
  private void superuser(String... statements) throws Exception {
    superuser(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String sql : statements) {
              s.execute(sql);
            }
          }
        });
  }

  private void superuser(SqlWork work) throws Exception {
    List<String> tables = List.of("audit_log_entry", "audit_log_node", "audit_log_checkpoint");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String table : tables) {
        s.execute("alter table " + table + " disable trigger user");
      }
      work.run(c);
      for (String table : tables) {
        s.execute("alter table " + table + " enable trigger user");
      }
    }
  }

  private interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  private Path dump() {
    Path file = dir.resolve("dump" + System.nanoTime() + ".jsonl");
    CliRun run =
        CliRun.of("dump", "--jdbc-url", jdbcUrl, "--user", "postgres", "--out", file.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(VerifierMain.OK);
    return file;
  }

  private static CliRun verify(Path dump) {
    return CliRun.of("verify", "--key", KEY, dump.toString());
  }

  private void assertFailsAt(long index, String reason) {
    CliRun run = verify(dump());
    assertThat(run.exit()).isEqualTo(VerifierMain.FAILED);
    assertThat(run.out()).startsWith("FAIL at index " + index + ": ").contains(reason);
  }

  /** The dump's records served as the control plane's API, behind a token. */
  private static LogApiServer serve(Path dump) throws Exception {
    List<DumpRecord.Entry> entries = new ArrayList<>();
    List<DumpRecord.Node> nodes = new ArrayList<>();
    List<DumpRecord.SignedCheckpoint> checkpoints = new ArrayList<>();
    for (String line : Files.readAllLines(dump)) {
      DumpRecord record = DumpFormat.parseLine(line.getBytes(StandardCharsets.UTF_8));
      if (record instanceof DumpRecord.Entry e) {
        entries.add(e);
      } else if (record instanceof DumpRecord.Node n) {
        nodes.add(n);
      } else {
        checkpoints.add((DumpRecord.SignedCheckpoint) record);
      }
    }
    return new LogApiServer(entries, nodes, checkpoints, "auditor-token");
  }
}
