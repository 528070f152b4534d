package org.enclave.api.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.enclave.api.audit.AuditActions;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.Fixture;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.AuditSink;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dataset's transparency report: grants from governance, reads and refusals summed exactly from
 * the log, computed against a signed checkpoint, and recorded in the log itself. Reads are appended
 * through the {@link AuditSink} as the data broker will record them.
 */
@QuarkusTest
class TransparencyReportTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final String TRAIN = "train/posts.jsonl";
  private static final String TEST = "test/posts.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AuditSink sink;

  private Fixture f;
  private String otherGrant;

  /**
   * Team A (the fixture's team) and team B (the outsider's) both get a grant; B's is revoked. A
   * steward of another dataset is refused an approval. A reads two objects, B one; B is refused a
   * read after the revocation; a request that is not a read, and a refused one, do not count.
   */
  @BeforeEach
  void scene() {
    f = Fixture.create();
    approve(f.steward, f.requestId);
    as(f.outsider, "researcher")
        .post("/api/v1/datasets/" + f.datasetId + "/agreements/1/acceptances")
        .then()
        .statusCode(anyOf(is(200), is(201)));
    String otherRequest =
        as(f.outsider, "researcher")
            .body(
                Map.of(
                    "teamId",
                    f.otherTeamId,
                    "datasetId",
                    f.datasetId,
                    "versionId",
                    f.versionId,
                    "purpose",
                    "baseline",
                    "ethicsReference",
                    "IRB-2026-009",
                    "durationDays",
                    30))
            .post("/api/v1/access-requests")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as("steward-elsewhere", "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + otherRequest + "/approve")
        .then()
        .statusCode(403);
    otherGrant = approve(f.steward, otherRequest);
    as(f.steward, "steward")
        .body(Map.of("reason", "ethics approval withdrawn"))
        .post("/api/v1/grants/" + otherGrant + "/revoke")
        .then()
        .statusCode(200);

    read(f.lead, f.teamId, f.datasetId, TRAIN, 0, 100, at(0));
    read(f.lead, f.teamId, f.datasetId, TRAIN, 100, 200, at(1));
    read(f.lead, f.teamId, f.datasetId, TRAIN, 300, 300, at(2));
    read(f.member, f.teamId, f.datasetId, TEST, 0, 50, at(3));
    read(f.outsider, f.otherTeamId, f.datasetId, TRAIN, 0, 1000, at(4));
    append(
        event(f.outsider, f.otherTeamId, f.datasetId, TRAIN, 0, 10, at(5))
            .outcome(AuditOutcome.DENY)
            .reason("no live grant")
            .build());
    append(
        event(f.lead, f.teamId, f.datasetId, TRAIN, 0, 999, at(5))
            .action("dataset.object.head")
            .build());
  }

  @Test
  void reportSumsEachTeamsReadsExactlyAndListsGrantsAndRefusals() {
    JsonPath report = report(f.datasetId, "audrey", "auditor", "");

    assertThat(report.getString("datasetId")).isEqualTo(f.datasetId);
    assertThat(report.getString("generatedBy")).isEqualTo("audrey");
    assertThat(report.getString("from")).isNull();

    List<Map<String, Object>> grants = report.getList("grants");
    assertThat(grants).hasSize(2);
    assertThat(grants.get(0))
        .containsEntry("teamId", f.teamId)
        .containsEntry("versionId", f.versionId)
        .containsEntry("versionLabel", "v1")
        .containsEntry("grantedBy", f.steward)
        .containsEntry("revokedAt", null);
    assertThat(grants.get(1))
        .containsEntry("grantId", otherGrant)
        .containsEntry("teamId", f.otherTeamId)
        .containsEntry("revokedBy", f.steward)
        .containsEntry("revokeReason", "ethics approval withdrawn");
    assertThat(grants.get(1).get("revokedAt")).isNotNull();
    String teamA = (String) grants.get(0).get("teamName");
    String teamB = (String) grants.get(1).get("teamName");

    List<Map<String, Object>> reads = report.getList("reads");
    assertThat(reads)
        .extracting(r -> r.get("teamId"))
        .containsExactlyInAnyOrder(f.teamId, f.otherTeamId);
    JsonPath a = team(report, f.teamId);
    assertThat(a.getString("teamName")).isEqualTo(teamA);
    assertThat(a.getList("readers")).containsExactlyElementsOf(sorted(f.lead, f.member));
    assertThat(a.getLong("objectsRead")).isEqualTo(2);
    assertThat(a.getLong("reads")).isEqualTo(4);
    assertThat(a.getLong("bytesServed")).isEqualTo(650);
    assertThat(a.getString("firstRead")).isEqualTo(at(0).toString());
    assertThat(a.getString("lastRead")).isEqualTo(at(3).toString());
    assertThat(a.getList("objects.objectKey")).containsExactly(TEST, TRAIN);
    assertThat(a.getList("objects.datasetVersion")).containsOnly(f.versionId);
    assertThat(a.getList("objects.reads", Long.class)).containsExactly(1L, 3L);
    assertThat(a.getList("objects.bytesServed", Long.class)).containsExactly(50L, 600L);
    assertThat(a.getList("objects.firstRead")).containsExactly(at(3).toString(), at(0).toString());
    assertThat(a.getList("objects.lastRead")).containsExactly(at(3).toString(), at(2).toString());

    JsonPath b = team(report, f.otherTeamId);
    assertThat(b.getString("teamName")).isEqualTo(teamB);
    assertThat(b.getList("readers")).containsExactly(f.outsider);
    assertThat(b.getLong("objectsRead")).isEqualTo(1);
    assertThat(b.getLong("reads")).isEqualTo(1);
    assertThat(b.getLong("bytesServed")).isEqualTo(1000);
    assertThat(b.getString("firstRead")).isEqualTo(at(4).toString());
    assertThat(b.getString("lastRead")).isEqualTo(at(4).toString());

    List<Map<String, Object>> denied = report.getList("deniedAttempts");
    assertThat(report.getLong("deniedAttemptsTotal")).isEqualTo(2);
    assertThat(denied).hasSize(2);
    assertThat(denied.get(0))
        .containsEntry("actor", "steward-elsewhere")
        .containsEntry("teamId", f.otherTeamId)
        .containsEntry("action", "access-request.decide");
    assertThat(denied.get(1))
        .containsEntry("actor", f.outsider)
        .containsEntry("teamId", f.otherTeamId)
        .containsEntry("action", AuditActions.DATASET_OBJECT_READ)
        .containsEntry("objectKey", TRAIN)
        .containsEntry("reason", "no live grant")
        .containsEntry("time", at(5).toString());
    assertThat(((Number) denied.get(0).get("logIndex")).longValue())
        .isLessThan(((Number) denied.get(1).get("logIndex")).longValue());

    assertThat(report.getBoolean("exports.recorded")).isTrue();
    assertThat(report.getString("exports.note")).isNotBlank();
    assertThat(report.getList("exports.items")).isEmpty();
  }

  @Test
  void reportIsComputedAgainstASignedCheckpointThatCoversItsOwnAuditRecord() {
    long head = AuditTrail.head();
    JsonPath report = report(f.datasetId, f.steward, "steward", "");
    long size = report.getLong("checkpoint.treeSize");
    long recorded = report.getLong("generationLogIndex");
    assertThat(recorded).isGreaterThan(head).isLessThan(size);
    assertThat(report.getList("deniedAttempts.logIndex", Long.class))
        .allSatisfy(i -> assertThat(i).isLessThan(size));

    NoteVerifier key =
        NoteVerifier.parse(
            as("audrey", "auditor")
                .get("/api/v1/audit/log/verifier-key")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .trim());
    Checkpoint cp =
        Checkpoint.open(
            report.getString("checkpoint.signedNote").getBytes(StandardCharsets.UTF_8), key);
    assertThat(cp.size()).isEqualTo(size);

    List<Map<String, Object>> generated =
        AuditTrail.after(
            head, Map.of("action", "dataset.transparency-report", "datasetId", f.datasetId));
    assertThat(generated).hasSize(1);
    assertThat(generated.get(0))
        .containsEntry("actor", f.steward)
        .containsEntry("outcome", "ALLOW")
        .containsEntry("resourceType", "dataset");
    assertThat(((Number) generated.get(0).get("logIndex")).longValue()).isEqualTo(recorded);
  }

  @Test
  void periodBoundsReadsRefusalsAndGrants() {
    JsonPath report = report(f.datasetId, "audrey", "auditor", "?from=" + at(1) + "&to=" + at(3));
    assertThat(report.getString("from")).isEqualTo(at(1).toString());
    assertThat(report.getString("to")).isEqualTo(at(3).toString());
    assertThat(report.getList("reads.teamId")).containsExactly(f.teamId);
    JsonPath a = team(report, f.teamId);
    assertThat(a.getList("readers")).containsExactly(f.lead);
    assertThat(a.getLong("objectsRead")).isEqualTo(1);
    assertThat(a.getLong("reads")).isEqualTo(2);
    assertThat(a.getLong("bytesServed")).isEqualTo(500);
    assertThat(a.getString("firstRead")).isEqualTo(at(1).toString());
    assertThat(a.getString("lastRead")).isEqualTo(at(2).toString());
    assertThat(report.getList("deniedAttempts")).isEmpty();
    assertThat(report.getLong("deniedAttemptsTotal")).isZero();
    assertThat(report.getList("grants")).as("granted after the period").isEmpty();
  }

  @Test
  void aTeamsReadsOfOneDatasetDoNotShowUnderAnother() {
    Fixture other = Fixture.create();
    read(f.lead, f.teamId, other.datasetId, TRAIN, 0, 7777, at(2));

    JsonPath mine = report(f.datasetId, "audrey", "auditor", "");
    assertThat(team(mine, f.teamId).getLong("bytesServed")).isEqualTo(650);
    assertThat(team(mine, f.teamId).getLong("reads")).isEqualTo(4);

    JsonPath theirs = report(other.datasetId, other.steward, "steward", "");
    assertThat(theirs.getList("reads.teamId")).containsExactly(f.teamId);
    assertThat(team(theirs, f.teamId).getLong("bytesServed")).isEqualTo(7777);
    assertThat(team(theirs, f.teamId).getLong("reads")).isEqualTo(1);
    assertThat(theirs.getList("grants")).isEmpty();
    assertThat(theirs.getList("deniedAttempts")).isEmpty();
  }

  @Test
  void aStewardOfAnotherDatasetIsRefusedAndTheRefusalIsAudited() {
    long head = AuditTrail.head();
    as("steward-elsewhere", "steward")
        .get("/api/v1/datasets/" + f.datasetId + "/transparency-report")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    assertThat(
            AuditTrail.after(
                head,
                Map.of(
                    "action",
                    "dataset.transparency-report",
                    "datasetId",
                    f.datasetId,
                    "outcome",
                    "DENY")))
        .hasSize(1);
  }

  // ---------------------------------------------------------------- helpers

  private static JsonPath report(String datasetId, String user, String role, String query) {
    return as(user, role)
        .get("/api/v1/datasets/" + datasetId + "/transparency-report" + query)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .extract()
        .jsonPath();
  }

  /** The reads entry of one team, as a document of its own. */
  private static JsonPath team(JsonPath report, String teamId) {
    List<Map<String, Object>> reads = report.getList("reads");
    Map<String, Object> entry =
        reads.stream().filter(r -> teamId.equals(r.get("teamId"))).findFirst().orElseThrow();
    try {
      return new JsonPath(JSON.writeValueAsString(entry));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> sorted(String... names) {
    return Arrays.stream(names).sorted().toList();
  }

  private static String approve(String steward, String requestId) {
    return as(steward, "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + requestId + "/approve")
        .then()
        .statusCode(200)
        .extract()
        .path("grantId");
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private void read(
      String actor,
      String teamId,
      String datasetId,
      String key,
      long first,
      long bytes,
      Instant time) {
    append(event(actor, teamId, datasetId, key, first, bytes, time).build());
  }

  private void append(AuditEvent e) {
    sink.append(e);
  }

  private EventBuilder event(
      String actor,
      String teamId,
      String datasetId,
      String key,
      long first,
      long bytes,
      Instant time) {
    EventBuilder b = new EventBuilder();
    b.actor = actor;
    b.teamId = teamId;
    b.datasetId = datasetId;
    b.version = f.versionId;
    b.key = key;
    b.first = first;
    b.bytes = bytes;
    b.time = time;
    return b;
  }

  /** A data read as the broker records it: which object, which bytes, for which team. */
  private static final class EventBuilder {
    String actor;
    String teamId;
    String datasetId;
    String version;
    String key;
    long first;
    long bytes;
    Instant time;
    String action = AuditActions.DATASET_OBJECT_READ;
    AuditOutcome outcome = AuditOutcome.ALLOW;
    String reason;

    EventBuilder action(String a) {
      this.action = a;
      return this;
    }

    EventBuilder outcome(AuditOutcome o) {
      this.outcome = o;
      return this;
    }

    EventBuilder reason(String r) {
      this.reason = r;
      return this;
    }

    AuditEvent build() {
      boolean served = outcome == AuditOutcome.ALLOW;
      return new AuditEvent(
          time,
          actor,
          actor.substring(0, 1).toUpperCase() + actor.substring(1),
          List.of("researcher"),
          action,
          outcome,
          reason,
          "dataset-object",
          key,
          teamId,
          datasetId,
          version,
          key,
          first,
          first + bytes - 1,
          served ? bytes : 0L,
          "ws-" + actor,
          null);
    }
  }
}
