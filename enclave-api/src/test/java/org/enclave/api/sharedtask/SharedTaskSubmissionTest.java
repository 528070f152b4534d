package org.enclave.api.sharedtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.junit.jupiter.api.Test;

/**
 * Submissions through a workspace's broker endpoint, end to end in the control plane: signed with
 * the workspace's credentials, validated against the gold, counted against the phase's limits under
 * concurrency, scored, audited, and shown on the leaderboard.
 */
@QuarkusTest
class SharedTaskSubmissionTest {
  @Inject BrokerEndpoints endpoints;

  @Test
  void workspaceSubmissionIsScoredAuditedAndRanked() {
    TaskScene scene = new TaskScene().task().gold().openPhase(5, 10, "VISIBLE");
    ChannelClient ws = scene.workspace(endpoints);
    long head = AuditTrail.head();

    ChannelClient.Answer a =
        ws.submit(scene.taskName, "tsv", "run1.tsv", TaskScene.submission(TaskScene.USERS, 12));

    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().getString("score.status")).isEqualTo("SCORED");
    assertThat(a.json().getDouble("score.primaryValue")).isEqualTo(1.0);
    assertThat(a.json().getString("score.primaryMetric")).isEqualTo("macro_f1");
    assertThat(a.json().getInt("quota.usedToday")).isEqualTo(1);
    assertThat(a.json().getInt("quota.dailyLimit")).isEqualTo(5);
    assertThat(a.json().getString("submittedBy")).isEqualTo(scene.lead);
    assertThat(a.json().getString("fileName")).isEqualTo("run1.tsv");
    assertThat(a.json().getList("history")).isNull();

    as(scene.lead, "researcher")
        .get("/api/v1/tasks/" + scene.taskId + "/phases/" + scene.phaseId + "/leaderboard")
        .then()
        .statusCode(200)
        .body("entries[0].rank", org.hamcrest.Matchers.equalTo(1))
        .body("entries[0].teamId", org.hamcrest.Matchers.equalTo(scene.teamId))
        .body("entries[0].score", org.hamcrest.Matchers.equalTo(1.0f))
        .body("entries[0].exactScore", org.hamcrest.Matchers.nullValue());

    List<Map<String, Object>> events =
        AuditTrail.after(head, Map.of("teamId", scene.teamId, "action", "task.submission"));
    assertThat(events).extracting(e -> e.get("outcome")).containsExactly("ALLOW");
    List<Map<String, Object>> scores =
        AuditTrail.after(head, Map.of("teamId", scene.teamId, "action", "task.submission.score"));
    assertThat(scores)
        .singleElement()
        .satisfies(e -> assertThat(e.get("reason").toString()).contains("macro_f1 = 1.0"));
  }

  @Test
  void malformedFileListsTheMissingIdsAndCostsNothing() {
    TaskScene scene = new TaskScene().task().gold().openPhase(null, 1, "VISIBLE");
    ChannelClient ws = scene.workspace(endpoints);
    String partial = "user_id\tlabel\tscore\nu01\ta\t0.1\nu02\tz\t0.2\n";

    ChannelClient.Answer rejected =
        ws.submit(scene.taskName, "tsv", "bad.tsv", partial.getBytes(StandardCharsets.UTF_8));

    assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
    assertThat(rejected.contentType()).startsWith("application/problem+json");
    assertThat(rejected.json().getString("code")).isEqualTo("submission-rejected");
    assertThat(rejected.json().getList("problems.code", String.class))
        .contains("missing-id", "invalid-label");
    List<String> missing =
        rejected.json().getList("problems.find { it.code == 'missing-id' }.occurrences.userId");
    assertThat(missing).contains("u03", "u12").doesNotContain("u01", "u02");

    ChannelClient.Answer accepted =
        ws.submit(scene.taskName, "tsv", "good.tsv", TaskScene.submission(TaskScene.USERS, 6));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(accepted.json().getInt("quota.usedInPhase")).isEqualTo(1);

    ChannelClient.Answer over =
        ws.submit(scene.taskName, "tsv", "again.tsv", TaskScene.submission(TaskScene.USERS, 6));
    assertThat(over.status()).as(over.body()).isEqualTo(429);
    assertThat(over.json().getString("code")).isEqualTo("submission-limit-reached");
  }

  @Test
  void concurrentSubmissionsNeverExceedTheLimit() throws Exception {
    TaskScene scene = new TaskScene().task().gold().openPhase(null, 3, "VISIBLE");
    ChannelClient ws = scene.workspace(endpoints);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ChannelClient.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int right = i;
      Callable<ChannelClient.Answer> c =
          () -> {
            start.await();
            return ws.submit(
                scene.taskName, "tsv", "run" + right, TaskScene.submission(TaskScene.USERS, right));
          };
      answers.add(pool.submit(c));
    }
    start.countDown();
    List<ChannelClient.Answer> done = new ArrayList<>();
    for (Future<ChannelClient.Answer> f : answers) {
      done.add(f.get());
    }
    pool.shutdown();

    assertThat(done).filteredOn(a -> a.status() == 201).hasSize(3);
    assertThat(done)
        .filteredOn(a -> a.status() != 201)
        .hasSize(5)
        .allSatisfy(
            a -> {
              assertThat(a.status()).as(a.body()).isEqualTo(429);
              assertThat(a.json().getString("detail")).contains("all 3 submissions");
            });
    as(TaskScene.ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId + "/submissions")
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.equalTo(3));
  }
}
