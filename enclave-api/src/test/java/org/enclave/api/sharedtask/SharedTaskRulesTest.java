package org.enclave.api.sharedtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.support.Api;
import org.enclave.api.support.ChannelClient;
import org.junit.jupiter.api.Test;

/**
 * The rules around submissions: leaderboard visibility per role and phase, re-scoring after a gold
 * fix keeping the earlier run, ladder mode and rounding, the team's choice, and the broker's checks
 * of the channel's requests (payload hash, size, credentials).
 */
@QuarkusTest
class SharedTaskRulesTest {
  @Inject BrokerEndpoints endpoints;

  private static String board(TaskScene s) {
    return "/api/v1/tasks/" + s.taskId + "/phases/" + s.phaseId + "/leaderboard";
  }

  @Test
  void leaderboardVisibilityFollowsThePhaseAndTheRole() {
    TaskScene scene = new TaskScene().task().gold().openPhase(null, null, "HIDDEN_UNTIL_REVEALED");
    ChannelClient ws = scene.workspace(endpoints);
    ChannelClient.Answer a =
        ws.submit(scene.taskName, "tsv", "r.tsv", TaskScene.submission(TaskScene.USERS, 12));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().getString("score.status")).isEqualTo("WITHHELD");
    assertThat(a.json().getString("score.primaryValue")).isNull();
    String outsider = Api.unique("outsider");
    TaskScene.team(outsider);

    as(scene.lead, "researcher").get(board(scene)).then().statusCode(403);
    as(TaskScene.ORGANIZER, "organizer")
        .get(board(scene))
        .then()
        .statusCode(200)
        .body("entries[0].exactScore", equalTo(1.0f));
    as("olga2", "organizer").get(board(scene)).then().statusCode(403);

    as(TaskScene.ORGANIZER, "organizer")
        .post("/api/v1/tasks/" + scene.taskId + "/phases/" + scene.phaseId + "/reveal")
        .then()
        .statusCode(200);
    as(scene.member, "researcher")
        .get(board(scene))
        .then()
        .statusCode(200)
        .body("entries[0].score", equalTo(1.0f))
        .body("entries[0].exactScore", nullValue());
    as(outsider, "researcher").get(board(scene)).then().statusCode(403);
    as(scene.lead, "researcher")
        .get("/api/v1/tasks/" + scene.taskId + "/submissions/" + a.json().getString("id"))
        .then()
        .statusCode(200)
        .body("score.status", equalTo("SCORED"))
        .body("history", nullValue());
    as(outsider, "researcher")
        .get("/api/v1/tasks/" + scene.taskId + "/submissions/" + a.json().getString("id"))
        .then()
        .statusCode(403);
    as(outsider, "researcher")
        .get("/api/v1/tasks/" + scene.taskId + "/submissions")
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
  }

  @Test
  void organizersOnlyBoardStillShowsTeamsTheirOwnScores() {
    TaskScene scene = new TaskScene().task().gold().openPhase(null, null, "ORGANIZERS_ONLY");
    ChannelClient.Answer a =
        scene
            .workspace(endpoints)
            .submit(scene.taskName, "tsv", "r.tsv", TaskScene.submission(TaskScene.USERS, 12));
    assertThat(a.json().getString("score.status")).isEqualTo("SCORED");
    as(scene.lead, "researcher").get(board(scene)).then().statusCode(403);
  }

  @Test
  void goldFixRescoresEverySubmissionAndKeepsTheEarlierRun() {
    TaskScene scene = new TaskScene().task().gold().openPhase(null, null, "VISIBLE");
    String baseline =
        as(TaskScene.ORGANIZER, "organizer")
            .contentType("application/octet-stream")
            .body(TaskScene.submission(TaskScene.USERS, 0))
            .put("/api/v1/tasks/" + scene.taskId + "/baseline?format=tsv&name=majority.tsv")
            .then()
            .statusCode(200)
            .body("baseline", equalTo(true))
            .extract()
            .path("id");
    ChannelClient.Answer a =
        scene
            .workspace(endpoints)
            .submit(scene.taskName, "tsv", "r.tsv", TaskScene.submission(TaskScene.USERS, 12));
    String id = a.json().getString("id");
    assertThat(a.json().getDouble("score.primaryValue")).isEqualTo(1.0);

    // The fix: user u01 was really 'b'.
    String fixed = TaskScene.gold(TaskScene.USERS).replace("u01\ta", "u01\tb");
    JsonPath upload = scene.uploadGold(fixed).then().statusCode(200).extract().jsonPath();
    assertThat(upload.getInt("gold.version")).isEqualTo(2);
    assertThat(upload.getInt("run.run")).isEqualTo(2);
    assertThat(upload.getInt("run.scored")).isEqualTo(2);

    JsonPath seen =
        as(TaskScene.ORGANIZER, "organizer")
            .get("/api/v1/tasks/" + scene.taskId + "/submissions/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(seen.getList("history.run", Integer.class)).containsExactly(1, 2);
    assertThat(seen.getDouble("history[0].primaryValue")).isEqualTo(1.0);
    assertThat(seen.getDouble("history[1].primaryValue")).isLessThan(1.0);
    assertThat(seen.getInt("score.run")).isEqualTo(2);

    as(TaskScene.ORGANIZER, "organizer")
        .body(Map.of("reason", "suite fix"))
        .post("/api/v1/tasks/" + scene.taskId + "/rescore")
        .then()
        .statusCode(200)
        .body("run", equalTo(3))
        .body("goldVersion", equalTo(2))
        .body("current", equalTo(true));
    JsonPath runs =
        as(TaskScene.ORGANIZER, "organizer")
            .get("/api/v1/tasks/" + scene.taskId + "/scoring-runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(runs.getList("run", Integer.class)).containsExactly(1, 2, 3);
    assertThat(runs.getList("current", Boolean.class)).containsExactly(false, false, true);
    as(TaskScene.ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId + "/gold")
        .then()
        .statusCode(200)
        .body("version", equalTo(List.of(1, 2)))
        .body("[0].itemCount", equalTo(TaskScene.USERS))
        .body("[0].sha256.size()", equalTo(64));

    JsonPath board =
        as(scene.lead, "researcher").get(board(scene)).then().statusCode(200).extract().jsonPath();
    assertThat(board.getInt("run")).isEqualTo(3);
    assertThat(board.getList("entries.baseline", Boolean.class)).containsExactly(false, true);
    assertThat(board.getString("entries[1].submissionId")).isEqualTo(baseline);
    assertThat(board.getString("entries[1].rank")).isNull();
  }

  @Test
  void ladderShowsOnlyRealImprovementsRounded() {
    TaskScene scene =
        new TaskScene()
            .task(Map.of("countedSubmission", "BEST", "ladderStep", 0.1, "scoreDecimals", 2))
            .gold()
            .openPhase(null, null, "VISIBLE");
    ChannelClient ws = scene.workspace(endpoints);
    // 6 of 12 right, then 7 (a small gain), then 12 (a large one), then 6 again.
    double first = shown(ws.submit(scene.taskName, "tsv", "a", TaskScene.submission(12, 6)));
    ChannelClient.Answer small = ws.submit(scene.taskName, "tsv", "b", TaskScene.submission(12, 7));
    ChannelClient.Answer large =
        ws.submit(scene.taskName, "tsv", "c", TaskScene.submission(12, 12));
    ChannelClient.Answer worse = ws.submit(scene.taskName, "tsv", "d", TaskScene.submission(12, 6));

    assertThat(first * 10)
        .isCloseTo(Math.round(first * 10), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(shown(small)).isEqualTo(first);
    assertThat(small.json().getBoolean("score.improved")).isFalse();
    assertThat(shown(large)).isEqualTo(1.0);
    assertThat(large.json().getBoolean("score.improved")).isTrue();
    assertThat(shown(worse)).isEqualTo(1.0);
    assertThat(large.json().getList("score.metrics")).hasSize(1);

    as(scene.lead, "researcher")
        .get(board(scene))
        .then()
        .statusCode(200)
        .body("entries[0].score", equalTo(1.0f))
        .body("entries[0].submissions", equalTo(4));
  }

  private static double shown(ChannelClient.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json().getDouble("score.primaryValue");
  }

  @Test
  void teamChoosesItsCountedSubmission() {
    TaskScene scene =
        new TaskScene()
            .task(Map.of("countedSubmission", "TEAM_CHOICE"))
            .gold()
            .openPhase(null, null, "VISIBLE");
    ChannelClient ws = scene.workspace(endpoints);
    String better =
        ws.submit(scene.taskName, "tsv", "a", TaskScene.submission(12, 12)).json().getString("id");
    ws.submit(scene.taskName, "tsv", "b", TaskScene.submission(12, 3));
    as(scene.lead, "researcher")
        .get(board(scene))
        .then()
        .body("entries[0].submissionId", org.hamcrest.Matchers.not(equalTo(better)));

    as(scene.member, "researcher")
        .post("/api/v1/tasks/" + scene.taskId + "/submissions/" + better + "/choose")
        .then()
        .statusCode(200)
        .body("chosen", equalTo(true));
    as(scene.lead, "researcher")
        .get(board(scene))
        .then()
        .body("entries[0].submissionId", equalTo(better))
        .body("entries[0].score", equalTo(1.0f));
  }

  @Test
  void theBrokerChecksTheChannelsRequests() {
    TaskScene scene = new TaskScene().task().gold().openPhase(null, null, "VISIBLE");
    ChannelClient ws = scene.workspace(endpoints);
    byte[] body = TaskScene.submission(12, 12);

    ChannelClient.Answer wrongHash =
        ws.send(scene.taskName, "tsv", "x", body, ChannelClient.sha256(new byte[] {1}));
    assertThat(wrongHash.status()).isEqualTo(400);
    assertThat(wrongHash.json().getString("code")).isEqualTo("XAmzContentSHA256Mismatch");

    ChannelClient.Answer unsigned = ws.send(scene.taskName, "tsv", "x", body, "UNSIGNED-PAYLOAD");
    assertThat(unsigned.status()).isEqualTo(400);
    assertThat(unsigned.json().getString("detail")).contains("x-amz-content-sha256");

    byte[] huge = new byte[1_048_577];
    ChannelClient.Answer tooLarge = ws.submit(scene.taskName, "tsv", "x", huge);
    assertThat(tooLarge.status()).isEqualTo(413);

    // Another team's workspace, without a grant for the task's inputs.
    String otherLead = Api.unique("lead");
    String other = TaskScene.team(otherLead);
    ChannelClient.Answer noGrant =
        TaskScene.workspace(endpoints, other, otherLead).submit(scene.taskName, "tsv", "x", body);
    assertThat(noGrant.status()).isEqualTo(403);
    assertThat(noGrant.json().getString("detail")).contains("may not read the task's inputs");

    // After the grant is revoked, the team may no longer submit.
    as(scene.steward, "steward")
        .body(Map.of("reason", "ended"))
        .post("/api/v1/grants/" + scene.grantId + "/revoke")
        .then()
        .statusCode(200);
    ChannelClient.Answer revoked = ws.submit(scene.taskName, "tsv", "x", body);
    assertThat(revoked.status()).isEqualTo(403);
    assertThat(revoked.json().getString("detail")).contains("revoked");
    assertThat(
            as(TaskScene.ORGANIZER, "organizer")
                .get("/api/v1/tasks/" + scene.taskId + "/submissions")
                .then()
                .extract()
                .jsonPath()
                .getList("$"))
        .isEmpty();
    assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("user_id");
  }
}
