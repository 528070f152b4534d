package org.enclave.api.support;

import static org.enclave.api.support.Api.as;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.broker.WorkspaceIdentity;

/**
 * A shared task on a {@link Fixture}'s dataset version, for the authorization matrix: created by
 * {@code olga} (teams choose their counted submission), with gold labels, a visible phase open now,
 * the fixture's request approved, and one submission of the fixture's team sent from a workspace.
 * Built once per fixture.
 */
public final class TaskFixture {
  public static final String GOLD = "user_id\tlabel\nu1\ta\nu2\tb\nu3\tc\nu4\td\n";
  public static final String SUBMISSION =
      "user_id\tlabel\tscore\nu1\ta\t1\nu2\tb\t1\nu3\tc\t1\nu4\ta\t1\n";

  public final String taskId;
  public final String phaseId;
  public final String submissionId;

  private static final Map<Fixture, TaskFixture> BUILT = new IdentityHashMap<>();

  private TaskFixture(Fixture f) {
    taskId =
        as("olga", "organizer")
            .body(
                Map.of(
                    "name", Api.unique("task"),
                    "title", "Matrix task",
                    "description", "for authorization tests",
                    "datasetId", f.datasetId,
                    "versionId", f.versionId,
                    "suite", "clpsych2019",
                    "tieRule", "SHARED_RANK",
                    "countedSubmission", "TEAM_CHOICE"))
            .post("/api/v1/tasks")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    gold(taskId).then().statusCode(200);
    phaseId =
        phase(taskId, Instant.now().minus(1, ChronoUnit.MINUTES), "VISIBLE")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(f.steward, "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(200);
    BrokerEndpoints endpoints = Arc.container().instance(BrokerEndpoints.class).get();
    String ws = Api.unique("ws");
    ChannelClient client =
        new ChannelClient(
            endpoints.openLoopback(
                new WorkspaceIdentity(ws, UUID.fromString(f.teamId), f.lead), 0));
    ChannelClient.Answer a =
        client.submit(taskId, "tsv", "run.tsv", SUBMISSION.getBytes(StandardCharsets.UTF_8));
    endpoints.close(ws);
    if (a.status() != 201) {
      throw new IllegalStateException("submission refused: " + a.body());
    }
    submissionId = a.json().getString("id");
  }

  /** The fixture's task, built on first use. */
  public static synchronized TaskFixture of(Fixture f) {
    return BUILT.computeIfAbsent(f, TaskFixture::new);
  }

  public static io.restassured.response.Response gold(String taskId) {
    return as("olga", "organizer")
        .contentType(ContentType.BINARY)
        .body(GOLD.getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/tasks/" + taskId + "/gold");
  }

  /** A day-long phase from {@code start}. */
  public static io.restassured.response.Response phase(
      String taskId, Instant start, String leaderboard) {
    return as("olga", "organizer")
        .body(
            Map.of(
                "name", Api.unique("phase"),
                "startsAt", start.toString(),
                "endsAt", start.plus(1, ChronoUnit.DAYS).toString(),
                "dailyLimit", 100,
                "leaderboard", leaderboard))
        .post("/api/v1/tasks/" + taskId + "/phases");
  }
}
