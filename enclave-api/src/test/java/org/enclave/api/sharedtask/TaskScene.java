package org.enclave.api.sharedtask;

import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.broker.WorkspaceCredentials;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.support.Api;
import org.enclave.api.support.ChannelClient;

/**
 * A shared task built through the REST API: a team (lead and member) granted a published dataset
 * version whose agreement both accepted, a task on it scored by {@code clpsych2019} with gold for
 * {@link #USERS} users, and a phase open now; plus a broker endpoint for the team's workspace.
 */
final class TaskScene {
  static final int USERS = 12;
  static final String[] LEVELS = {"a", "b", "c", "d"};
  static final String ORGANIZER = "olga";

  final String lead = Api.unique("lead");
  final String member = Api.unique("member");
  final String steward = Api.unique("steward");
  final String teamId;
  final String datasetId;
  final String datasetName;
  final String versionId;
  final String grantId;
  String taskId;
  String taskName;
  String phaseId;

  TaskScene() {
    teamId = team(lead, member);
    datasetName = Api.unique("posts");
    datasetId =
        Api.id(
            as(steward, "steward")
                .body(Map.of("name", datasetName, "description", "task test", "sensitivityTier", 3))
                .post("/api/v1/datasets"));
    String datasets = "/api/v1/datasets/" + datasetId;
    versionId =
        Api.id(
            as(steward, "steward")
                .body(Map.of("label", "v1", "notes", "first"))
                .post(datasets + "/versions"));
    as(steward, "steward")
        .contentType(ContentType.BINARY)
        .body("{\"user_id\":\"u01\"}\n".getBytes(StandardCharsets.UTF_8))
        .put(datasets + "/versions/" + versionId + "/files/test/posts.jsonl")
        .then()
        .statusCode(200);
    as(steward, "steward")
        .post(datasets + "/versions/" + versionId + "/publish")
        .then()
        .statusCode(200);
    as(steward, "steward")
        .body(Map.of("text", "Use only inside the enclave."))
        .post(datasets + "/agreements")
        .then()
        .statusCode(201);
    grantId = grant(teamId, lead, member);
  }

  /** A new team of {@code lead} and {@code members}; returns its id. */
  static String team(String lead, String... members) {
    return Api.id(
        as("olga", "organizer")
            .body(Api.team(Api.unique("team"), lead, List.of(members)))
            .post("/api/v1/teams"));
  }

  /** Has the team's members accept the agreement and the steward grant the version. */
  String grant(String team, String teamLead, String... others) {
    String datasets = "/api/v1/datasets/" + datasetId;
    for (String u : concat(teamLead, others)) {
      as(u, "researcher")
          .post(datasets + "/agreements/1/acceptances")
          .then()
          .statusCode(anyOf(is(200), is(201)));
    }
    String request =
        Api.id(
            as(teamLead, "researcher")
                .body(
                    Map.of(
                        "teamId",
                        team,
                        "datasetId",
                        datasetId,
                        "versionId",
                        versionId,
                        "purpose",
                        "shared task",
                        "ethicsReference",
                        "IRB-TASK-1",
                        "durationDays",
                        30))
                .post("/api/v1/access-requests"));
    return as(steward, "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + request + "/approve")
        .then()
        .statusCode(200)
        .extract()
        .path("grantId");
  }

  private static List<String> concat(String first, String... rest) {
    List<String> all = new java.util.ArrayList<>(List.of(rest));
    all.add(0, first);
    return all;
  }

  /** Creates the task with these settings on top of the defaults. */
  TaskScene task(Map<String, Object> overrides) {
    taskName = Api.unique("task");
    Map<String, Object> body = new HashMap<>();
    body.put("name", taskName);
    body.put("title", "Risk levels");
    body.put("description", "Predict each user's risk level.");
    body.put("datasetId", datasetId);
    body.put("versionId", versionId);
    body.put("suite", "clpsych2019");
    body.put("tieRule", "EARLIER_FIRST");
    body.put("countedSubmission", "LATEST");
    body.putAll(overrides);
    taskId =
        as(ORGANIZER, "organizer")
            .body(body)
            .post("/api/v1/tasks")
            .then()
            .log()
            .ifValidationFails()
            .statusCode(201)
            .extract()
            .path("id");
    return this;
  }

  TaskScene task() {
    return task(Map.of());
  }

  Response uploadGold(String tsv) {
    return as(ORGANIZER, "organizer")
        .contentType(ContentType.BINARY)
        .body(tsv.getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/tasks/" + taskId + "/gold");
  }

  TaskScene gold() {
    uploadGold(gold(USERS)).then().statusCode(200);
    return this;
  }

  /** A phase open now (started a minute ago, ending in a day). */
  TaskScene openPhase(Integer daily, Integer total, String leaderboard) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "dev");
    body.put("startsAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString());
    body.put("endsAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
    body.put("leaderboard", leaderboard);
    if (daily != null) {
      body.put("dailyLimit", daily);
    }
    if (total != null) {
      body.put("totalLimit", total);
    }
    phaseId =
        as(ORGANIZER, "organizer")
            .body(body)
            .post("/api/v1/tasks/" + taskId + "/phases")
            .then()
            .log()
            .ifValidationFails()
            .statusCode(201)
            .extract()
            .path("id");
    return this;
  }

  /** The team's workspace endpoint (TCP loopback) and its credentials. */
  ChannelClient workspace(BrokerEndpoints endpoints) {
    return workspace(endpoints, teamId, lead);
  }

  static ChannelClient workspace(BrokerEndpoints endpoints, String team, String owner) {
    WorkspaceCredentials c =
        endpoints.openLoopback(
            new WorkspaceIdentity(Api.unique("ws"), UUID.fromString(team), owner), 0);
    return new ChannelClient(c);
  }

  /** Gold labels: user {@code uNN} has level a, b, c, d in turn. */
  static String gold(int users) {
    StringBuilder b = new StringBuilder("user_id\tlabel\n");
    for (int i = 1; i <= users; i++) {
      b.append(user(i)).append('\t').append(LEVELS[(i - 1) % 4]).append('\n');
    }
    return b.toString();
  }

  /** A submission that gets the first {@code right} users right and the rest wrong. */
  static byte[] submission(int users, int right) {
    StringBuilder b = new StringBuilder("user_id\tlabel\tscore\n");
    for (int i = 1; i <= users; i++) {
      String gold = LEVELS[(i - 1) % 4];
      String label = i <= right ? gold : LEVELS[i % 4];
      b.append(user(i)).append('\t').append(label).append("\t0.5\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String user(int i) {
    return String.format("u%02d", i);
  }
}
