package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enclave.api.security.AuthorizationMatrixTest;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.Fixture;
import org.enclave.api.support.TaskFixture;
import org.junit.jupiter.api.Test;

/**
 * The shared-task pages: an organizer creates a task and its phases with forms (mistakes next to
 * their fields, nothing stored; local times read in the browser's zone), uploads gold, re-scores
 * and reveals; a team sees its limits, its submissions, the leaderboard with its own row marked,
 * and chooses the submission that counts; others see only what the API would show them.
 */
@QuarkusTest
class ConsoleTasksTest {
  private static final String PAGE = "/console/tasks";

  @TestHTTPResource("/")
  URI base;

  @Test
  void anOrganizerCreatesATaskAndAPhaseWithTheForms() throws Exception {
    Fixture f = Fixture.create();
    CodeFlowBrowser olga = CodeFlowBrowser.signIn(base, PAGE, "olga", "organizer");
    assertThat(olga.get(PAGE).body())
        .contains("Create a shared task", "value=\"" + f.datasetId + "/" + f.versionId + "\"");

    String name = Api.unique("task");
    Map<String, String> form = taskForm(name, f);
    form.put("scoreDecimals", "lots");
    HttpResponse<String> bad = olga.postForm(PAGE, form);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("id=\"scoreDecimals-error\"", "value=\"" + name + "\"");
    form.put("scoreDecimals", "99");
    bad = olga.postForm(PAGE, form);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("id=\"scoreDecimals-error\"");
    assertThat(taskNames()).doesNotContain(name);

    form.put("scoreDecimals", "3");
    HttpResponse<String> created = olga.postForm(PAGE, form);
    assertThat(created.statusCode()).isEqualTo(303);
    String location = created.headers().firstValue("Location").orElseThrow();
    String taskPath = URI.create(location).getPath();
    String page = olga.get(taskPath + "?done=created").body();
    assertThat(page)
        .contains("The task is created", "No phase yet", "Add a phase")
        .contains("&lt;b&gt;Risk&lt;/b&gt; levels")
        .doesNotContain("<b>Risk</b>");

    assertThat(olga.get("/console").body())
        .contains("Add a phase to task " + name, "Upload the gold labels of task " + name);

    Map<String, String> phase = new LinkedHashMap<>();
    phase.put("name", "evaluation");
    phase.put("startsAt", "next monday");
    phase.put("endsAt", "2030-01-12T09:00");
    phase.put("dailyLimit", "2");
    phase.put("totalLimit", "");
    phase.put("leaderboard", "HIDDEN_UNTIL_REVEALED");
    phase.put("tz", "Europe/Berlin");
    bad = olga.postForm(taskPath + "/phases", phase);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("id=\"startsAt-error\"", "value=\"next monday\"");
    phase.put("startsAt", "2030-01-10T09:00");
    phase.put("dailyLimit", "0");
    bad = olga.postForm(taskPath + "/phases", phase);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("id=\"dailyLimit-error\"");
    phase.put("dailyLimit", "2");
    assertThat(olga.postForm(taskPath + "/phases", phase).statusCode()).isEqualTo(303);

    String taskId = taskPath.substring(taskPath.lastIndexOf('/') + 1);
    List<Map<String, Object>> phases =
        as("olga", "organizer").get("/api/v1/tasks/" + taskId).then().extract().path("phases");
    assertThat(phases).hasSize(1);
    assertThat(phases.get(0))
        .containsEntry("startsAt", "2030-01-10T08:00:00Z")
        .containsEntry("endsAt", "2030-01-12T08:00:00Z")
        .containsEntry("dailyLimit", 2);
    assertThat(olga.get(taskPath).body()).contains("id=\"reveal-evaluation\"");
    assertThat(olga.get("/console").body()).doesNotContain("Add a phase to task " + name);
    TaskFixture.phase(taskId, Instant.now().minus(3, ChronoUnit.DAYS), "HIDDEN_UNTIL_REVEALED")
        .then()
        .statusCode(201);
    assertThat(olga.get("/console").body())
        .containsPattern("Phase phase-\\w+ of task " + name + " has ended: reveal its leaderboard");

    assertThat(olga.get(PAGE + "?q=" + name).body()).contains("id=\"task-" + name + "\"");
    assertThat(olga.get(PAGE + "?q=no-such-task-anywhere").body()).contains("No task matches");
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, PAGE, f.lead, "researcher");
    assertThat(lead.get(PAGE).body()).doesNotContain("Create a shared task");
    assertThat(lead.get(taskPath).body()).doesNotContain("Add a phase", "gold-upload");
  }

  @Test
  void anOrganizerUploadsGoldReScoresAndRevealsAHiddenPhase() throws Exception {
    Fixture f = Fixture.create();
    TaskFixture t = TaskFixture.of(f);
    String taskPath = PAGE + "/" + t.taskId;
    CodeFlowBrowser olga = CodeFlowBrowser.signIn(base, taskPath, "olga", "organizer");

    HttpResponse<String> junk = put(olga, taskPath + "/gold?note=typo", "no header at all\n");
    assertThat(junk.statusCode()).isEqualTo(422);
    assertThat(junk.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    HttpResponse<String> fixed = put(olga, taskPath + "/gold?note=label+fix", TaskFixture.GOLD);
    assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
    assertThat(fixed.body()).contains("\"version\":2", "label fix");

    String page = olga.get(taskPath).body();
    assertThat(page).contains("id=\"gold\"", "label fix", "id=\"runs\"", "id=\"rescore\"");
    assertThat(page).contains("id=\"baseline-upload\"").doesNotContain("id=\"program-upload\"");
    assertThat(olga.postForm(taskPath + "/rescore", Map.of("reason", "")).statusCode())
        .isEqualTo(400);
    assertThat(olga.postForm(taskPath + "/rescore", Map.of("reason", "scorer fix")).statusCode())
        .isEqualTo(303);
    assertThat(olga.get(taskPath).body()).contains("scorer fix", "(current)");

    HttpResponse<String> baseline =
        put(olga, taskPath + "/baseline?format=tsv", TaskFixture.SUBMISSION);
    assertThat(baseline.statusCode()).as(baseline.body()).isEqualTo(200);
    assertThat(olga.get(taskPath).body()).doesNotContain("id=\"baseline-upload\"");

    String hidden = AuthorizationMatrixTest.hiddenPhase(f);
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, taskPath, f.lead, "researcher");
    assertThat(section(lead.get(taskPath).body(), "phase-" + hidden))
        .contains("The leaderboard is hidden until the organizers reveal it.");
    String reveal = taskPath + "/phases/" + hidden + "/reveal";
    assertThat(lead.postForm(reveal, Map.of()).statusCode()).isEqualTo(403);
    assertThat(olga.postForm(reveal, Map.of()).statusCode()).isEqualTo(303);
    assertThat(olga.get(taskPath + "?done=revealed").body()).contains("are revealed to the teams");
    assertThat(section(lead.get(taskPath).body(), "phase-" + hidden))
        .doesNotContain("hidden until the organizers reveal it")
        .contains("revealed by olga");
    HttpResponse<String> again = olga.postForm(reveal, Map.of());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("id=\"error\"", "was revealed by olga");
  }

  @Test
  void aTeamSeesItsLimitsAndScoresAndChoosesTheSubmissionThatCounts() throws Exception {
    Fixture f = Fixture.create();
    TaskFixture t = TaskFixture.of(f);
    String taskPath = PAGE + "/" + t.taskId;
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, taskPath, f.lead, "researcher");
    String page = lead.get(taskPath).body();
    assertThat(page).contains("id=\"how-to-submit\"", "enclave submit task-");
    assertThat(section(page, "phase-" + t.phaseId))
        .contains("has used 1 of 100 submissions today and 1 in the phase")
        .contains("(your team)");
    String row = section(page, "submission-" + t.submissionId);
    assertThat(row).contains("run.tsv", "scored", "class=\"choose\"");

    assertThat(lead.get(taskPath + "?status=FAILED").body()).contains("id=\"no-submission\"");
    assertThat(lead.get(taskPath + "?status=SCORED&phase=" + t.phaseId).body())
        .contains("id=\"submission-" + t.submissionId + "\"");
    assertThat(lead.get(taskPath + "?page=two").statusCode()).isEqualTo(400);

    String choose = taskPath + "/submissions/" + t.submissionId + "/choose";
    CodeFlowBrowser outsider = CodeFlowBrowser.signIn(base, taskPath, f.outsider, "researcher");
    assertThat(outsider.postForm(choose, Map.of()).statusCode()).isEqualTo(403);
    String theirs = outsider.get(taskPath).body();
    assertThat(theirs)
        .contains(
            "id=\"no-submission\"", "Only teams granted the task&#39;s data see its leaderboard")
        .doesNotContain("run.tsv", "has used", "how-to-submit");

    assertThat(lead.postForm(choose, Map.of()).statusCode()).isEqualTo(303);
    page = lead.get(taskPath + "?done=chosen").body();
    assertThat(page).contains("now counts for your team");
    assertThat(section(page, "submission-" + t.submissionId))
        .contains("chosen")
        .doesNotContain("class=\"choose\"");
  }

  private static Map<String, String> taskForm(String name, Fixture f) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("name", name);
    form.put("title", "Console task");
    form.put("description", "<b>Risk</b> levels from posts");
    form.put("version", f.datasetId + "/" + f.versionId);
    form.put("suite", "clpsych2019");
    form.put("primaryMetric", "");
    form.put("direction", "");
    form.put("tieRule", "SHARED_RANK");
    form.put("countedSubmission", "TEAM_CHOICE");
    form.put("scoreDecimals", "");
    return form;
  }

  private static List<String> taskNames() {
    return as("olga", "organizer").get("/api/v1/tasks").then().extract().path("name");
  }

  private static HttpResponse<String> put(CodeFlowBrowser b, String path, String body)
      throws Exception {
    return b.upload(path, body.getBytes(StandardCharsets.UTF_8), null);
  }

  /** The element with {@code id} up to the next element of the same tag's end. */
  private static String section(String page, String id) {
    int start = page.indexOf("id=\"" + id + "\"");
    assertThat(start).as("element %s in the page", id).isNotNegative();
    int open = page.lastIndexOf('<', start);
    String tag = page.substring(open + 1, page.indexOf(' ', open));
    int end = page.indexOf("</" + tag + ">", start);
    return page.substring(open, end);
  }
}
