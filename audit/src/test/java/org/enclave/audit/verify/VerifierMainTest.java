package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.enclave.audit.json.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierMainTest {

  private static final String KEY = TestLog.SIGNER.verifier().verifierKey();

  @TempDir Path dir;

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exit()).isEqualTo(VerifierMain.OK);
    assertThat(run.out()).isEqualTo(VerifierMain.USAGE).contains("Exit codes: 0");
  }

  @Test
  void noArgumentsPrintTheUsageAsAnError() {
    CliRun run = CliRun.of();

    assertThat(run.exit()).isEqualTo(VerifierMain.ERROR);
    assertThat(run.err()).isEqualTo(VerifierMain.USAGE);
  }

  @Test
  void verifiesADumpWithTheKeyFromAFile() throws Exception {
    Path keyFile = dir.resolve("log.vkey");
    Files.writeString(keyFile, KEY + "\n");

    CliRun run = CliRun.of("verify", "--key-file", keyFile.toString(), dump(TestLog.of(12, 12)));

    assertThat(run.exit()).isEqualTo(VerifierMain.OK);
    assertThat(run.out()).startsWith("Audit log enclave.test/audit\n").endsWith("\nOK\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void jsonOutputSaysOkWithTheCounts() throws Exception {
    TestLog log = TestLog.of(12, 4, 10);

    CliRun run = CliRun.of("verify", "--json", "--key=" + KEY, dump(log));

    assertThat(run.exit()).isEqualTo(VerifierMain.OK);
    Map<?, ?> json = (Map<?, ?>) CanonicalJson.parse(run.out().getBytes(StandardCharsets.UTF_8));
    assertThat(json.get("result")).isEqualTo("OK");
    assertThat(json.get("entries")).isEqualTo(12L);
    assertThat(json.get("checkpoints")).isEqualTo(2L);
    assertThat(json.get("signedSize")).isEqualTo(10L);
    assertThat(json.get("unsignedEntries")).isEqualTo(2L);
    assertThat(json.get("key")).isEqualTo(KEY);
  }

  @Test
  void aFailureIsOneLineAndExitCodeOne() throws Exception {
    TestLog log = TestLog.of(12, 12);
    log.entries.remove(7);

    CliRun run = CliRun.of("verify", "--key", KEY, dump(log));

    assertThat(run.exit()).isEqualTo(VerifierMain.FAILED);
    assertThat(run.out())
        .isEqualTo("FAIL at index 7: entry 7 is missing: the next entry listed is 8\n");
  }

  @Test
  void jsonFailureNamesTheIndexOrNull() throws Exception {
    TestLog gap = TestLog.of(12, 12);
    gap.entries.remove(7);
    TestLog forged = TestLog.of(12, 12);
    forged.checkpoints.add(TestLog.checkpoint(TestLog.SIGNER, 12, new byte[32]));

    Map<?, ?> atIndex = json(CliRun.of("verify", "--json", "--key", KEY, dump(gap)));
    Map<?, ?> noIndex = json(CliRun.of("verify", "--json", "--key", KEY, dump(forged)));

    assertThat(atIndex.get("result")).isEqualTo("FAIL");
    assertThat(atIndex.get("index")).isEqualTo(7L);
    assertThat(noIndex.get("result")).isEqualTo("FAIL");
    assertThat(noIndex.containsKey("index")).isTrue();
    assertThat(noIndex.get("index")).isNull();
    assertThat((String) noIndex.get("reason")).endsWith("the log forked");
  }

  @Test
  void inputErrorsExitWithTwo() throws Exception {
    String dump = dump(TestLog.of(3, 3));

    assertError(
        CliRun.of("verify", dump), "error: give the log's verifier key with --key or --key-file");
    assertError(
        CliRun.of("verify", "--key", KEY),
        "error: give one SOURCE: a dump file or the API base URL");
    assertError(CliRun.of("verify", "--key", "not-a-key", dump), "error: bad verifier key: ");
    assertError(
        CliRun.of("verify", "--key", KEY, dir.resolve("missing.jsonl").toString()),
        "error: cannot read " + dir.resolve("missing.jsonl") + ": no such file");
    assertError(
        CliRun.of("verify", "--key-file", dir.resolve("none.vkey").toString(), dump),
        "error: cannot read the key file");
    assertError(
        CliRun.of("verify", "--key", KEY, "--verbose", dump), "error: unknown option --verbose");
    assertError(
        CliRun.of("verify", "--key", KEY, "--page-size", "0", "http://127.0.0.1:1/api/v1"),
        "error: --page-size must be a number from 1 to 100000");
    assertError(CliRun.of("verify", "--key"), "error: --key needs a value");
    assertError(CliRun.of("prove"), "error: unknown command prove");
    assertError(CliRun.of("dump"), "error: give --jdbc-url");
    assertError(
        CliRun.of("dump", "--jdbc-url", "jdbc:mysql://localhost/db"),
        "error: --jdbc-url must be a jdbc:postgresql: URL");
  }

  @Test
  void aMalformedDumpIsAnInputErrorAlsoInJson() throws Exception {
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, "{\"type\":\"entry\"\n");

    Map<?, ?> json = json(CliRun.of("verify", "--json", "--key", KEY, file.toString()));

    assertThat(json.get("result")).isEqualTo("ERROR");
    assertThat((String) json.get("reason")).startsWith(file + ", line 1: not JSON");
  }

  @Test
  void theTokenComesFromTheEnvironmentWhenNotGiven() throws Exception {
    try (LogApiServer server = LogApiServer.of(TestLog.of(20, 20), "env-token")) {
      CliRun withEnv =
          CliRun.withEnv(
              Map.of("ENCLAVE_TOKEN", "env-token"), "verify", "--key", KEY, server.baseUrl());
      CliRun without = CliRun.of("verify", "--key", KEY, server.baseUrl());

      assertThat(withEnv.exit()).isEqualTo(VerifierMain.OK);
      assertThat(without.exit()).isEqualTo(VerifierMain.ERROR);
      assertThat(without.err()).contains("answered HTTP 401");
    }
  }

  private String dump(TestLog log) throws Exception {
    return TestLog.write(dir, log.lines()).toString();
  }

  private static Map<?, ?> json(CliRun run) {
    return (Map<?, ?>) CanonicalJson.parse(run.out().getBytes(StandardCharsets.UTF_8));
  }

  private static void assertError(CliRun run, String message) {
    assertThat(run.exit()).as(run.err()).isEqualTo(VerifierMain.ERROR);
    assertThat(run.err()).startsWith(message);
    assertThat(run.out()).isEmpty();
  }
}
