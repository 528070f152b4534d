package org.enclave.api.sharedtask;

import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.support.ChannelClient;
import org.junit.jupiter.api.Test;

/**
 * Every shared-task endpoint and the submission channel given bad input: problem+json, stable code.
 */
@QuarkusTest
class SharedTaskBadInputTest {
  @Inject BrokerEndpoints endpoints;

  private static RequestSpecification olga() {
    return as(TaskScene.ORGANIZER, "organizer");
  }

  private static Map<String, Object> task(TaskScene s, Map<String, Object> changes) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", org.enclave.api.support.Api.unique("t"));
    body.put("title", "t");
    body.put("description", "d");
    body.put("datasetId", s.datasetId);
    body.put("versionId", s.versionId);
    body.put("suite", "clpsych2019");
    body.put("tieRule", "EARLIER_FIRST");
    body.put("countedSubmission", "LATEST");
    body.putAll(changes);
    return body;
  }

  @Test
  void createTaskRefusesBadInput() {
    TaskScene s = new TaskScene().task();
    assertProblem(
            olga().body(task(s, Map.of("suite", "nope"))).post("/api/v1/tasks"),
            400,
            "validation-failed")
        .body("errors.field", hasItem("suite"));
    assertProblem(
            olga().body(task(s, Map.of("primaryMetric", "auc"))).post("/api/v1/tasks"),
            400,
            "validation-failed")
        .body("errors.field", hasItem("primaryMetric"));
    assertProblem(
        olga().body(task(s, Map.of("direction", "LOWER_IS_BETTER"))).post("/api/v1/tasks"),
        400,
        "validation-failed");
    assertProblem(
            olga().body(task(s, Map.of("ladderStep", 0.01))).post("/api/v1/tasks"),
            400,
            "validation-failed")
        .body("errors.field", hasItem("ladderStep"));
    assertProblem(
            olga()
                .body(task(s, Map.of("name", "Bad Name", "scoreDecimals", 13)))
                .post("/api/v1/tasks"),
            400,
            "validation-failed")
        .body("errors.field", hasItems("name", "scoreDecimals"));
    assertProblem(
        olga().body(task(s, Map.of("name", s.taskName))).post("/api/v1/tasks"),
        409,
        "already-exists");
    assertProblem(
        olga()
            .body(task(s, Map.of("versionId", UUID.randomUUID().toString())))
            .post("/api/v1/tasks"),
        404,
        "not-found");
    assertProblem(
        olga().body(task(s, Map.of("tieRule", "COIN_FLIP"))).post("/api/v1/tasks"),
        400,
        "invalid-field-type");
    assertProblem(olga().body("{\"name\":").post("/api/v1/tasks"), 400, "malformed-json");
    assertProblem(
        olga().body(task(s, Map.of("extra", 1))).post("/api/v1/tasks"), 400, "unknown-field");
    String draft =
        as(s.steward, "steward")
            .body(Map.of("label", "v2"))
            .post("/api/v1/datasets/" + s.datasetId + "/versions")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertProblem(
        olga().body(task(s, Map.of("versionId", draft))).post("/api/v1/tasks"),
        409,
        "version-not-published");
    assertProblem(olga().get("/api/v1/tasks/" + UUID.randomUUID()), 404, "not-found");
    assertProblem(olga().get("/api/v1/tasks/not-a-uuid"), 404, "not-found");
  }

  @Test
  void phasesRefuseBadWindowsOverlapsAndDuplicates() {
    TaskScene s = new TaskScene().task().gold().openPhase(null, null, "VISIBLE");
    String phases = "/api/v1/tasks/" + s.taskId + "/phases";
    Instant now = Instant.now();
    Map<String, Object> backwards =
        Map.of(
            "name",
            "x",
            "startsAt",
            now.toString(),
            "endsAt",
            now.minus(1, ChronoUnit.HOURS).toString(),
            "leaderboard",
            "VISIBLE");
    assertProblem(olga().body(backwards).post(phases), 400, "validation-failed")
        .body("errors.field", hasItem("endsAt"));
    Map<String, Object> overlapping =
        Map.of(
            "name",
            "x",
            "startsAt",
            now.toString(),
            "endsAt",
            now.plus(2, ChronoUnit.DAYS).toString(),
            "leaderboard",
            "VISIBLE");
    assertProblem(olga().body(overlapping).post(phases), 409, "phase-overlap");
    Map<String, Object> duplicate =
        Map.of(
            "name",
            "dev",
            "startsAt",
            now.plus(3, ChronoUnit.DAYS).toString(),
            "endsAt",
            now.plus(4, ChronoUnit.DAYS).toString(),
            "leaderboard",
            "VISIBLE");
    assertProblem(olga().body(duplicate).post(phases), 409, "already-exists");
    Map<String, Object> badLimits = new HashMap<>(duplicate);
    badLimits.put("name", "later");
    badLimits.put("dailyLimit", 0);
    assertProblem(olga().body(badLimits).post(phases), 400, "validation-failed")
        .body("errors.field", hasItem("dailyLimit"));
    assertProblem(olga().post(phases + "/" + s.phaseId + "/reveal"), 409, "state-conflict");
    assertProblem(olga().post(phases + "/" + UUID.randomUUID() + "/reveal"), 404, "not-found");
    assertProblem(olga().get(phases + "/" + UUID.randomUUID() + "/leaderboard"), 404, "not-found");
  }

  @Test
  void badGoldIsRejectedWithEveryProblemAndNothingRecorded() {
    TaskScene s = new TaskScene().task();
    String bad = "user_id\tlabel\nu01\ta\nu01\tb\nu02\tx\nu03\n";
    assertProblem(s.uploadGold(bad), 422, "gold-rejected")
        .body("problems.code", hasItems("duplicate-id", "invalid-label", "wrong-column-count"))
        .body(
            "problems.find { it.code == 'invalid-label' }.occurrences[0].value",
            org.hamcrest.Matchers.equalTo("x"));
    assertProblem(s.uploadGold(""), 422, "gold-rejected")
        .body("problems.code", hasItem("empty-file"));
    olga()
        .get("/api/v1/tasks/" + s.taskId + "/gold")
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.equalTo(0));
    olga()
        .get("/api/v1/tasks/" + s.taskId)
        .then()
        .body("goldUploaded", org.hamcrest.Matchers.equalTo(false));
  }

  @Test
  void baselineAndRescoreRefuseBadInput() {
    TaskScene s = new TaskScene().task();
    String base = "/api/v1/tasks/" + s.taskId;
    byte[] good = TaskScene.submission(TaskScene.USERS, 6);
    assertProblem(
        olga().contentType(ContentType.BINARY).body(good).put(base + "/baseline"),
        409,
        "gold-missing");
    assertProblem(
        olga().body(Map.of("reason", "again")).post(base + "/rescore"), 409, "gold-missing");
    s.gold();
    assertProblem(
        olga().contentType(ContentType.BINARY).body(good).put(base + "/baseline?format=json"),
        400,
        "unsupported-format");
    assertProblem(
        olga().contentType(ContentType.BINARY).body(good).put(base + "/baseline?name=a/b"),
        400,
        "invalid-file-name");
    assertProblem(
            olga()
                .contentType(ContentType.BINARY)
                .body("user_id\tlabel\tscore\nu01\ta\t1\n".getBytes(StandardCharsets.UTF_8))
                .put(base + "/baseline"),
            422,
            "submission-rejected")
        .body("problems.code", hasItem("missing-id"));
    olga()
        .contentType(ContentType.BINARY)
        .body(good)
        .put(base + "/baseline")
        .then()
        .statusCode(200);
    assertProblem(
        olga().contentType(ContentType.BINARY).body(good).put(base + "/baseline"),
        409,
        "already-exists");
    assertProblem(olga().body(Map.of()).post(base + "/rescore"), 400, "validation-failed")
        .body("errors.field", hasItem("reason"));
    assertProblem(
        olga().contentType(ContentType.JSON).body(good).put(base + "/gold"),
        415,
        "unsupported-media-type");
  }

  @Test
  void submissionsAndChoicesRefuseBadInput() {
    TaskScene s = new TaskScene().task().gold().openPhase(null, null, "VISIBLE");
    ChannelClient ws = s.workspace(endpoints);
    byte[] good = TaskScene.submission(TaskScene.USERS, 6);
    code(ws.submit(s.taskName, "xml", "a", good), 400, "unsupported-format");
    code(ws.submit(s.taskName, "json", "a", good), 400, "unsupported-format");
    code(ws.submit(s.taskName, "tsv", "a\u0001b", good), 400, "invalid-file-name");
    code(ws.submit("no-such-task", "tsv", "a", good), 404, "not-found");
    ChannelClient.Answer binary =
        ws.submit(s.taskName, "tsv", "a", new byte[] {0, 1, 2, (byte) 0xff});
    code(binary, 422, "submission-rejected");
    Assertions.assertThat(binary.json().getList("problems.code", String.class))
        .contains("binary-content");
    code(ws.submit(s.taskName, "tsv", "a", new byte[0]), 422, "submission-rejected");

    String id = ws.submit(s.taskName, "tsv", "a", good).json().getString("id");
    String subs = "/api/v1/tasks/" + s.taskId + "/submissions/";
    assertProblem(as(s.lead, "researcher").post(subs + id + "/choose"), 409, "choice-not-allowed");
    assertProblem(as(s.lead, "researcher").get(subs + UUID.randomUUID()), 404, "not-found");
    assertProblem(
        as(s.lead, "researcher")
            .get("/api/v1/tasks/" + s.taskId + "/submissions?teamId=" + UUID.randomUUID()),
        403,
        "forbidden");

    TaskScene closed = new TaskScene().task().gold();
    code(
        closed.workspace(endpoints).submit(closed.taskName, "tsv", "a", good),
        409,
        "phase-not-open");
    TaskScene noGold = new TaskScene().task();
    code(
        noGold.workspace(endpoints).submit(noGold.taskName, "tsv", "a", good), 409, "gold-missing");
  }

  private static void code(ChannelClient.Answer a, int status, String code) {
    Assertions.assertThat(a.status()).as(a.body()).isEqualTo(status);
    Assertions.assertThat(a.contentType()).startsWith("application/problem+json");
    Assertions.assertThat(a.json().getString("code")).isEqualTo(code);
    Assertions.assertThat(a.json().getString("detail")).isNotBlank();
  }
}
