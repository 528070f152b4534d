package org.enclave.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.enclave.api.support.Fixture;
import org.enclave.api.support.Tokens;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.merkle.ProofVerifier;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteVerifier;
import org.junit.jupiter.api.Test;

/** A steward's decision lands in the tamper-evident log, and outsiders can prove it is there. */
@QuarkusTest
class AuditLogApiTest {
  private static final String LOG = "/api/v1/audit/log";

  @Test
  void aDecisionIsInASignedCheckpointWithinASecondAndItsInclusionProofVerifies() throws Exception {
    Fixture f = Fixture.create();
    as(f.steward, "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(200);
    Instant decided = Instant.now();

    NoteVerifier key =
        NoteVerifier.parse(
            as("audrey", "auditor")
                .get(LOG + "/verifier-key")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .trim());

    // Find the approval in the log.
    long index = -1;
    AuditEvent approval = null;
    for (long from = 0; index < 0; from += 1000) {
      List<Map<String, Object>> page =
          as("audrey", "auditor")
              .get(LOG + "/entries?from=" + from + "&limit=1000")
              .then()
              .statusCode(200)
              .extract()
              .path("$");
      assertThat(page).as("the approval is in the log").isNotEmpty();
      for (Map<String, Object> e : page) {
        AuditEvent ev =
            AuditEventCodec.decodeEvent(Base64.getDecoder().decode((String) e.get("data")));
        if (ev.action().equals("access-request.approve") && f.requestId.equals(ev.resourceId())) {
          index = ((Number) e.get("index")).longValue();
          approval = ev;
        }
      }
    }
    assertThat(approval.actor()).isEqualTo(f.steward);

    Checkpoint cp = awaitCheckpointCovering(index, key);
    assertThat(java.time.Duration.between(decided, Instant.now()).toMillis())
        .as("a checkpoint covers the decision within about a second")
        .isLessThan(3000);

    Map<String, Object> proof =
        as("audrey", "auditor")
            .get(LOG + "/proofs/inclusion?index=" + index + "&size=" + cp.size())
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    ProofVerifier.verifyInclusion(
        index,
        cp.size(),
        Base64.getDecoder().decode((String) proof.get("leafHash")),
        ((List<String>) proof.get("hashes")).stream().map(Base64.getDecoder()::decode).toList(),
        cp.rootHash());
  }

  @Test
  void consecutiveCheckpointsAreConsistent() throws Exception {
    NoteVerifier key =
        NoteVerifier.parse(
            as("audrey", "auditor").get(LOG + "/verifier-key").then().extract().asString().trim());
    Fixture.create();
    Checkpoint first = awaitCheckpointCovering(0, key);
    Fixture.create();
    Checkpoint second = awaitCheckpointCovering(first.size(), key);
    List<String> hashes =
        as("audrey", "auditor")
            .get(LOG + "/proofs/consistency?from=" + first.size() + "&to=" + second.size())
            .then()
            .statusCode(200)
            .extract()
            .path("hashes");
    ProofVerifier.verifyConsistency(
        first.size(),
        second.size(),
        first.rootHash(),
        second.rootHash(),
        hashes.stream().map(Base64.getDecoder()::decode).toList());
  }

  @Test
  void proofsOutsideTheLogAreRefusedNamingTheField() {
    Fixture.create(); // the log holds well over three entries
    as("audrey", "auditor")
        .get(LOG + "/proofs/inclusion?index=5&size=3")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("index"));
    as("audrey", "auditor")
        .get(LOG + "/proofs/inclusion?index=0&size=999999999")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("size"));
    as("audrey", "auditor")
        .get(LOG + "/proofs/consistency?from=0&to=1")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("from"));
    as("audrey", "auditor").get(LOG + "/entries/999999999").then().statusCode(404);
    as("audrey", "auditor").get(LOG + "/entries?limit=0").then().statusCode(400);
  }

  /**
   * {@code scripts/verify-inclusion} (curl, jq, python3, openssl) proves entries against this API,
   * so the script and the audit module's stub of the API agree with the real thing.
   */
  @Test
  void theShellVerifierProvesEntriesAgainstThisApi() throws Exception {
    for (String tool : List.of("python3", "openssl", "jq", "curl")) {
      assertThat(onPath(tool))
          .as(tool + " is not installed; ./enclave test installs it (OS_PACKAGES)")
          .isTrue();
    }
    String key =
        as("audrey", "auditor").get(LOG + "/verifier-key").then().extract().asString().trim();
    Fixture.create();
    Checkpoint cp = awaitCheckpointCovering(1, NoteVerifier.parse(key));
    String base = "http://localhost:" + RestAssured.port + "/api/v1";

    for (long index : new long[] {0, cp.size() / 2, cp.size() - 1}) {
      ProcessBuilder script =
          new ProcessBuilder(
                  Path.of("..", "scripts", "verify-inclusion").toAbsolutePath().toString(),
                  base,
                  key,
                  String.valueOf(index))
              .redirectErrorStream(true);
      script.environment().put("ENCLAVE_TOKEN", Tokens.of("audrey", "auditor"));
      Process p = script.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      // The latest checkpoint may have grown since cp was read; it covers the entry either way.
      assertThat(out).startsWith("OK: entry " + index + " in the checkpoint of size ");
    }
  }

  private static boolean onPath(String tool) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** Polls the latest checkpoint until it covers {@code index}; checks its signature each time. */
  private static Checkpoint awaitCheckpointCovering(long index, NoteVerifier key)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      var r = as("audrey", "auditor").get(LOG + "/checkpoint");
      if (r.statusCode() == 200) {
        Checkpoint cp = Checkpoint.open(r.asString().getBytes(StandardCharsets.UTF_8), key);
        if (cp.size() > index) {
          return cp;
        }
      }
      assertThat(System.currentTimeMillis())
          .as("checkpoint covering " + index)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
