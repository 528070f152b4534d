package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.log.FileCheckpointAnchor;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.note.SignedNote;
import org.enclave.audit.postgres.LogDatabases;
import org.enclave.audit.postgres.PostgresLogStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code verify --anchor FILE}: every checkpoint the log appended to its external anchor file must
 * verify with the key and match the log, whether read from a dump or the API; a database rewritten
 * or cut short after a checkpoint was anchored fails naming that checkpoint's size.
 */
class AnchorVerificationTest {

  private static final String KEY = TestLog.SIGNER.verifier().verifierKey();
  private static final String TOKEN = "auditor-token";

  @TempDir Path dir;
  private final Map<TamperEvidentLog, DataSource> databases = new IdentityHashMap<>();

  @Test
  void aLogMatchingItsAnchorVerifiesFromTheDumpAndTheApi() throws Exception {
    Path anchor = dir.resolve("checkpoints.log");
    try (TamperEvidentLog log = log(anchor)) {
      log.checkpoint(); // the empty log, as a fresh control plane anchors it
      append(log, 0, 5, AnchorVerificationTest::event);
      log.checkpoint();
      append(log, 5, 13, AnchorVerificationTest::event);
      String latest = log.checkpoint().orElseThrow();
      new FileCheckpointAnchor(anchor).append(13, latest); // a restart anchors it again
      append(log, 13, 15, AnchorVerificationTest::event); // not yet signed

      CliRun fromDump = CliRun.of("verify", "--key", KEY, "--anchor", anchor.toString(), dump(log));
      CliRun fromApi;
      try (LogApiServer server = LogApiServer.of(log, TOKEN)) {
        fromApi =
            CliRun.of(
                "verify", "--key", KEY, "--token", TOKEN, "--anchor=" + anchor, server.baseUrl());
      }

      for (CliRun run : List.of(fromDump, fromApi)) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.OK);
        assertThat(run.out())
            .contains(
                "anchor          3 checkpoints in "
                    + anchor
                    + ", signed by the key, all match the entries; the latest signs 13\n")
            .contains("not yet signed  2 entries after the latest checkpoint")
            .endsWith("OK\n");
      }
    }
  }

  @Test
  void jsonOutputCountsTheAnchoredCheckpoints() throws Exception {
    Path anchor = dir.resolve("checkpoints.log");
    try (TamperEvidentLog log = log(anchor)) {
      append(log, 0, 4, AnchorVerificationTest::event);
      log.checkpoint();

      CliRun run =
          CliRun.of("verify", "--json", "--key", KEY, "--anchor", anchor.toString(), dump(log));

      assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.OK);
      Map<?, ?> json = (Map<?, ?>) CanonicalJson.parse(run.out().getBytes(StandardCharsets.UTF_8));
      assertThat(json.get("anchor")).isEqualTo(anchor.toString());
      assertThat(json.get("anchoredCheckpoints")).isEqualTo(1L);
      assertThat(json.get("anchoredSize")).isEqualTo(4L);
    }
  }

  @Test
  void aDatabaseRewrittenAfterTheAnchorFailsNamingTheSize() throws Exception {
    Path anchor = dir.resolve("checkpoints.log");
    Path other = dir.resolve("rewritten-checkpoints.log");
    try (TamperEvidentLog original = log(anchor);
        TamperEvidentLog rewritten = log(other)) {
      for (TamperEvidentLog log : List.of(original, rewritten)) {
        append(log, 0, 5, AnchorVerificationTest::event);
        log.checkpoint();
      }
      append(original, 5, 13, AnchorVerificationTest::event);
      original.checkpoint();
      // The same key re-signs a log whose entries 5 and on say something else.
      append(rewritten, 5, 13, i -> event(i + 1000));
      rewritten.checkpoint();
      String rewrittenDump = dump(rewritten);
      assertThat(CliRun.of("verify", "--key", KEY, rewrittenDump).exit())
          .as("its own checkpoints match it")
          .isEqualTo(VerifierMain.OK);

      CliRun run = CliRun.of("verify", "--key", KEY, "--anchor", anchor.toString(), rewrittenDump);

      assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.FAILED);
      assertThat(run.out())
          .isEqualTo(
              "FAIL at index 5: the anchor holds a checkpoint of size 13 that signs root "
                  + base64(original.store().root(13))
                  + ", but the first 13 entries of the log hash to "
                  + base64(rewritten.store().root(13))
                  + ": entries 5 to 12 were rewritten after the anchor recorded them\n");
    }
  }

  @Test
  void aDatabaseCutShortAfterTheAnchorFailsNamingTheSize() throws Exception {
    Path anchor = dir.resolve("checkpoints.log");
    try (TamperEvidentLog original = log(anchor);
        TamperEvidentLog shorter = log(dir.resolve("shorter.log"))) {
      append(original, 0, 13, AnchorVerificationTest::event);
      original.checkpoint();
      append(shorter, 0, 8, AnchorVerificationTest::event);
      shorter.checkpoint();

      CliRun run = CliRun.of("verify", "--key", KEY, "--anchor", anchor.toString(), dump(shorter));

      assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.FAILED);
      assertThat(run.out())
          .isEqualTo(
              "FAIL at index 8: the log ends after 8 entries, but the anchor holds a checkpoint"
                  + " of size 13: entries 8 to 12 were removed after the anchor recorded them\n");
    }
  }

  @Test
  void anAnchorSignedByAnotherKeyFails() throws Exception {
    NoteSigner other = NoteSigner.generate(TestLog.ORIGIN, new SecureRandom());
    TestLog log = TestLog.of(6, 6);
    byte[] root = Base64.getDecoder().decode(log.checkpoints.get(0).note().split("\n")[2]);
    Path anchor = anchor(TestLog.checkpoint(other, 6, root).note());

    CliRun run = CliRun.of("verify", "--key", KEY, "--anchor", anchor.toString(), dump(log));

    assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.FAILED);
    assertThat(run.out())
        .startsWith(
            "FAIL: anchor checkpoint #1 (line 1 of "
                + anchor
                + ") does not verify with key "
                + SignedCheckpoints.label(TestLog.SIGNER.verifier()))
        .contains("no signature from a trusted key");
  }

  @Test
  void twoAnchoredRootsForOneSizeFail() throws Exception {
    TestLog log = TestLog.of(6, 6);
    String signed = log.checkpoints.get(0).note();
    String forked = TestLog.checkpoint(TestLog.SIGNER, 6, new byte[32]).note();

    CliRun run =
        CliRun.of("verify", "--key", KEY, "--anchor", anchor(signed, forked).toString(), dump(log));

    assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.FAILED);
    assertThat(run.out()).contains("holds two checkpoints of size 6 with different roots");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "garbage|is malformed: it ends without the blank line",
        "cut short|is malformed: its last line (5) has no newline: cut short?",
        "no separator|is malformed: line 6 is neither a signature line nor blank",
        "no signature|has no signature lines after its blank line (the file ends there: cut short?)",
        "double blank|is malformed: unexpected blank line 7",
        "not utf-8|is malformed: not UTF-8 text",
        "empty|holds no checkpoint",
        "not a checkpoint|anchor checkpoint #1 (line 1 of ",
      })
  void aMalformedAnchorFileIsAnInputError(String damage, String message) throws Exception {
    TestLog log = TestLog.of(6, 6);
    String note = log.checkpoints.get(0).note();
    String file =
        switch (damage) {
          case "garbage" -> "hello\n";
          case "cut short" -> note.substring(0, note.length() - 1);
          case "no separator" -> note + note + "\n";
          case "no signature" -> note.substring(0, note.indexOf("\n\n") + 2);
          case "double blank" -> note + "\n\n";
          case "empty" -> "";
          case "not a checkpoint" -> SignedNote.sign("hello\n", TestLog.SIGNER) + "\n";
          case "not utf-8" -> null;
          default -> throw new IllegalArgumentException(damage);
        };
    Path anchor = dir.resolve("anchor.log");
    if (file == null) {
      Files.write(anchor, new byte[] {'x', (byte) 0xc3, '\n', '\n'});
    } else {
      Files.writeString(anchor, file, StandardCharsets.UTF_8);
    }

    CliRun run = CliRun.of("verify", "--key", KEY, "--anchor", anchor.toString(), dump(log));

    assertThat(run.exit()).as(run.toString()).isEqualTo(VerifierMain.ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: ").contains(message).endsWith("\n");
  }

  @Test
  void aMissingAnchorFileIsAnInputError() throws Exception {
    Path missing = dir.resolve("none.log");

    CliRun run =
        CliRun.of(
            "verify",
            "--json",
            "--key",
            KEY,
            "--anchor",
            missing.toString(),
            dump(TestLog.of(2, 2)));

    assertThat(run.exit()).isEqualTo(VerifierMain.ERROR);
    assertThat(run.out())
        .isEqualTo(
            CanonicalJson.toJson(
                    Map.of(
                        "result",
                        "ERROR",
                        "reason",
                        "cannot read the anchor file " + missing + ": no such file"))
                + "\n");
  }

  private TamperEvidentLog log(Path anchor) throws Exception {
    DataSource ds = LogDatabases.fresh();
    TamperEvidentLog log =
        new TamperEvidentLog(
            new PostgresLogStore(ds),
            TestLog.SIGNER,
            new FileCheckpointAnchor(anchor),
            new TamperEvidentLog.Options(64, 1024, Duration.ofHours(1)));
    databases.put(log, ds);
    return log;
  }

  private static void append(
      TamperEvidentLog log, int from, int to, IntFunction<AuditEvent> events) {
    for (int i = from; i < to; i++) {
      log.append(events.apply(i));
    }
  }

  private static AuditEvent event(int i) {
    return new AuditEvent(
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
        "sam",
        List.of("steward"),
        "access-request.approve",
        AuditOutcome.ALLOW,
        "decision " + i,
        "access-request",
        "request-" + i,
        "team-harbor",
        null,
        null);
  }

  /** The log's tables dumped to a file, as {@code dump} writes them. */
  private String dump(TamperEvidentLog log) throws Exception {
    Path file = Files.createTempFile(dir, "dump", ".jsonl");
    try (Connection c = databases.get(log).getConnection();
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      PostgresDump.write(c, out);
    }
    return file.toString();
  }

  private String dump(TestLog log) throws Exception {
    return TestLog.write(dir, log.lines()).toString();
  }

  /** An anchor file holding {@code notes}, as {@link FileCheckpointAnchor} writes it. */
  private Path anchor(String... notes) throws Exception {
    Path file = Files.createTempFile(dir, "anchor", ".log");
    FileCheckpointAnchor anchor = new FileCheckpointAnchor(file);
    for (String note : notes) {
      anchor.append(Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1)).size(), note);
    }
    return file;
  }

  private static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
