package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.log.FileCheckpointAnchor;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.note.NoteVerifier;
import org.enclave.audit.postgres.LogDatabases;
import org.enclave.audit.postgres.PostgresLogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/verify-inclusion} proves with curl, jq, python3 and openssl alone that an entry of
 * a real log in PostgreSQL is in its latest signed checkpoint, served as the control plane serves
 * it; and fails with exit 1 when the entry, the key, the proof or the checkpoint is not what was
 * signed.
 */
class OutsideJavaVerificationTest {

  private static final Path SCRIPT =
      Path.of("..", "scripts", "verify-inclusion").toAbsolutePath().normalize();
  private static final String TOKEN = "auditor-token";
  private static final String KEY = TestLog.SIGNER.verifier().verifierKey();
  private static final String INCLUSION = "/api/v1/audit/log/proofs/inclusion";
  private static final String CHECKPOINT = "/api/v1/audit/log/checkpoint";

  @TempDir Path dir;
  private DataSource ds;
  private TamperEvidentLog log;
  private int appended;

  @BeforeAll
  static void toolsArePresent() {
    for (String tool : List.of("python3", "openssl", "jq", "curl")) {
      assertThat(onPath(tool))
          .as(tool + " is not installed; ./enclave test installs it (OS_PACKAGES)")
          .isTrue();
    }
  }

  @BeforeEach
  void emptyLog() throws IOException {
    ds = LogDatabases.fresh();
    log =
        new TamperEvidentLog(
            new PostgresLogStore(ds),
            TestLog.SIGNER,
            new FileCheckpointAnchor(dir.resolve("checkpoints.log")),
            new TamperEvidentLog.Options(64, 1024, Duration.ofHours(1)));
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  @Test
  void provesTheFirstLastAndMiddleEntriesAsTheLogGrows() throws Exception {
    growTo(1);
    assertIncluded(0, 1);

    growTo(13);
    for (long index : new long[] {0, 6, 12}) {
      assertIncluded(index, 13);
    }

    growTo(16);
    for (long index : new long[] {0, 7, 8, 15}) {
      assertIncluded(index, 16);
    }
  }

  @Test
  void takesTheTokenFromTheCommandLineOrTheEnvironment() throws Exception {
    growTo(5);
    try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
      ScriptRun fromOption = run(Map.of(), "--token", TOKEN, server.baseUrl(), KEY, "3");
      ScriptRun fromEnv = run(Map.of("ENCLAVE_TOKEN", TOKEN), server.baseUrl() + "/", KEY, "3");

      assertThat(fromOption.exit()).as(fromOption.toString()).isZero();
      assertThat(fromEnv.exit()).as(fromEnv.toString()).isZero();
      assertThat(fromOption.out()).isEqualTo(fromEnv.out());
    }
  }

  @Test
  void anEntryRewrittenWithItsLeafHashFails() throws Exception {
    growTo(13);
    byte[] forged = AuditEventCodec.encode(event(99));
    superuser(6, forged, MerkleHasher.leafHash(forged));

    ScriptRun run = verify(6);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("FAIL: entry 6 in the checkpoint of size 13 signed by " + label())
        .contains("the proof leads to root");
    ScriptRun sibling = verify(7);
    assertThat(sibling.exit()).as("entry 7's proof carries entry 6's leaf hash").isEqualTo(1);
  }

  @Test
  void anEntryWhoseDataNoLongerMatchesItsLeafHashFails() throws Exception {
    growTo(13);
    superuser(12, AuditEventCodec.encode(event(99)), null);

    ScriptRun run = verify(12);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("the entry data does not hash to its stored leaf hash");
  }

  @Test
  void anotherKeyOfTheSameNameFails() throws Exception {
    growTo(4);
    NoteVerifier other = NoteSigner.generate(TestLog.ORIGIN, new SecureRandom()).verifier();

    ScriptRun run = verify(other.verifierKey(), 2);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "FAIL: the latest checkpoint carries no signature by key "
                + SignedCheckpoints.label(other)
                + "\n");
  }

  @Test
  void aCheckpointWhoseRootWasChangedUnderItsSignatureFails() throws Exception {
    growTo(8);
    String otherRoot = Base64.getEncoder().encodeToString(log.store().root(7));

    ScriptRun run =
        verifyRewriting(
            CHECKPOINT,
            note -> {
              String[] lines = note.split("\n", -1);
              lines[2] = otherRoot;
              return String.join("\n", lines);
            },
            3);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "FAIL: the signature of the latest checkpoint by key "
                + label()
                + " does not verify\n");
  }

  @Test
  void aCheckpointForAnotherOriginFailsEvenIfTheKeySignedIt() throws Exception {
    growTo(8);
    String otherOrigin =
        Checkpoint.of("enclave.other/audit", 8, log.store().root(8))
            .sign(TestLog.SIGNER)
            .toString();

    ScriptRun run = verifyRewriting(CHECKPOINT, note -> otherOrigin, 3);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "FAIL: the latest checkpoint is for origin enclave.other/audit, but the key is "
                + TestLog.ORIGIN
                + "\n");
  }

  @Test
  void aFlippedByteInAnyProofHashFails() throws Exception {
    growTo(13);
    int hashes = log.store().inclusionProof(6, 13).size();
    assertThat(hashes).isEqualTo(4);

    for (int k = 0; k < hashes; k++) {
      int which = k;
      ScriptRun run = verifyRewriting(INCLUSION, proof -> flipByte(proof, which), 6);

      assertThat(run.exit()).as("hash %d: %s", which, run).isEqualTo(1);
      assertThat(run.out()).contains("the proof leads to root");
    }
  }

  @Test
  void aProofWithAHashTooManyOrTooFewFails() throws Exception {
    growTo(13);

    ScriptRun longer =
        verifyRewriting(INCLUSION, proof -> editHashes(proof, h -> h.add(h.get(0))), 6);
    ScriptRun shorter =
        verifyRewriting(INCLUSION, proof -> editHashes(proof, h -> h.remove(h.size() - 1)), 6);

    assertThat(longer.exit()).as(longer.toString()).isEqualTo(1);
    assertThat(longer.out()).contains("more hashes than the tree has levels");
    assertThat(shorter.exit()).as(shorter.toString()).isEqualTo(1);
    assertThat(shorter.out()).contains("fewer hashes than the tree has levels");
  }

  @Test
  void usageAndInputErrorsExitTwo() throws Exception {
    growTo(3);
    try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
      Map<String, String> env = Map.of("ENCLAVE_TOKEN", TOKEN);
      String url = server.baseUrl();
      String wrongId = KEY.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");

      assertError(run(env), "usage: verify-inclusion");
      assertError(run(env, url, KEY, "-1"), "unknown option -1");
      for (String index : List.of("01", "", "1e3", "0x1")) {
        assertError(run(env, url, KEY, index), "INDEX must be a decimal number");
      }
      assertError(run(env, "ftp://example.org", KEY, "0"), "BASE_URL must start with http");
      assertError(run(env, url, wrongId, "0"), "bad verifier key: key id 00000000 does not match");
      assertError(run(env, url, "no-key", "0"), "bad verifier key");
      assertError(run(env, url, KEY, "3"), "entry 3 is not covered by the latest checkpoint");
      assertError(run(Map.of(), url, KEY, "0"), "answered HTTP 401");
      assertError(
          run(Map.of("ENCLAVE_TOKEN", "other"), url, KEY, "0"), "/audit/log/checkpoint answered");
    }
  }

  private void assertIncluded(long index, long size) throws Exception {
    ScriptRun run = verify(index);
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .startsWith(
            "OK: entry "
                + index
                + " in the checkpoint of size "
                + size
                + " signed by "
                + label()
                + " (root "
                + Base64.getEncoder().encodeToString(log.store().root(size)))
        .endsWith(")\n")
        .hasLineCount(1);
    assertThat(run.err()).isEmpty();
  }

  private static void assertError(ScriptRun run, String message) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).as(run.toString()).isEmpty();
    assertThat(run.err()).as(run.toString()).contains(message);
  }

  /** Appends events up to {@code size} entries and signs a checkpoint of that size. */
  private void growTo(int size) throws Exception {
    while (appended < size) {
      log.append(event(appended++));
    }
    log.checkpoint();
  }

  private static AuditEvent event(int i) {
    return new AuditEvent(
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
        "alice",
        List.of("researcher"),
        "dataset.read",
        AuditOutcome.ALLOW,
        "grant " + i,
        "dataset",
        "dataset-" + i,
        "team-lighthouse",
        "dataset-" + i,
        "request-" + i);
  }

  private ScriptRun verify(long index) throws Exception {
    return verify(KEY, index);
  }

  private ScriptRun verify(String key, long index) throws Exception {
    try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
      return run(Map.of("ENCLAVE_TOKEN", TOKEN), server.baseUrl(), key, String.valueOf(index));
    }
  }

  private ScriptRun verifyRewriting(String path, UnaryOperator<String> body, long index)
      throws Exception {
    try (LogApiServer server = LogApiServer.of(log, TOKEN).rewrite(path, body)) {
      return run(Map.of("ENCLAVE_TOKEN", TOKEN), server.baseUrl(), KEY, String.valueOf(index));
    }
  }

  /** The key's label, name+keyid. */
  private static String label() {
    return SignedCheckpoints.label(TestLog.SIGNER.verifier());
  }

  /** The proof with one bit of the {@code which}th hash flipped. */
  private static String flipByte(String proof, int which) {
    return editHashes(
        proof,
        hashes -> {
          byte[] hash = Base64.getDecoder().decode(hashes.get(which));
          hash[which * 7 % hash.length] ^= 0x01;
          hashes.set(which, Base64.getEncoder().encodeToString(hash));
        });
  }

  private interface HashEdit {
    void apply(List<String> hashes);
  }

  /** The proof JSON, members in the API's order, with its hashes edited. */
  private static String editHashes(String proof, HashEdit edit) {
    Map<?, ?> json = (Map<?, ?>) CanonicalJson.parse(proof.getBytes(StandardCharsets.UTF_8));
    List<String> hashes = new ArrayList<>();
    ((List<?>) json.get("hashes")).forEach(h -> hashes.add((String) h));
    edit.apply(hashes);
    return "{\"index\":"
        + json.get("index")
        + ",\"size\":"
        + json.get("size")
        + ",\"leafHash\":\""
        + json.get("leafHash")
        + "\",\"hashes\":"
        + CanonicalJson.toJson(hashes)
        + "}";
  }

  /**
   * Rewrites an entry as a database superuser who switches the append-only triggers off: new data,
   * and a new leaf hash unless {@code leafHash} is null.
   */
  private void superuser(long index, byte[] data, byte[] leafHash) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("alter table audit_log_entry disable trigger user");
      try (PreparedStatement ps =
          c.prepareStatement(
              "update audit_log_entry set leaf_data = ?, leaf_hash = coalesce(?, leaf_hash)"
                  + " where idx = ?")) {
        ps.setBytes(1, data);
        ps.setBytes(2, leafHash);
        ps.setLong(3, index);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      s.execute("alter table audit_log_entry enable trigger user");
    }
  }

  /** One run of the script. */
  private record ScriptRun(int exit, String out, String err) {}

  private ScriptRun run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("ENCLAVE_TOKEN");
    builder.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("verify-inclusion did not finish within 60 s");
    }
    return new ScriptRun(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
