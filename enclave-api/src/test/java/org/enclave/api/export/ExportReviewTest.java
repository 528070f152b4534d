package org.enclave.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.enclave.api.support.ChannelClient.Answer;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.ExportRequests;
import org.enclave.api.workspace.WorkspaceScene;
import org.junit.jupiter.api.Test;

/**
 * The two-person review: two different reviewers outside the team approve, each acknowledging every
 * finding that needs a reason, before the team's researchers can download the files; authors and
 * team members cannot review, nobody approves twice, decided and withdrawn requests stay decided, a
 * returned request is resubmitted once; every decision and refusal is audited.
 */
@QuarkusTest
class ExportReviewTest {
  static final String POSTS =
      """
      {"post_id":"p000201","user_id":"u9901","body":"the stars came out over the harbour and I finally felt calm again tonight"}
      """;
  static final String QUOTE =
      "Someone wrote: the stars came out over the harbour and I finally felt calm.\n";
  static final String EXPORTS = "/api/v1/exports/";

  @TestHTTPResource("/")
  URI base;

  /** A granted scene, its workspace channel, and a filed request with one verbatim finding. */
  final class Filed {
    final WorkspaceScene scene =
        new WorkspaceScene()
            .withGrantedDataset(
                Map.of("train/posts.jsonl", POSTS.getBytes(StandardCharsets.UTF_8)));
    final ChannelClient ws = ExportRequests.workspace(scene.teamId, scene.lead);
    final String id;
    final String findingId;
    final String fileId;

    Filed() {
      this(QUOTE, null);
    }

    Filed(String report, String resubmits) {
      Answer filed = file(ws, report, resubmits);
      assertThat(filed.status()).as(filed.body()).isEqualTo(201);
      id = filed.json().getString("id");
      fileId = filed.json().getString("files[0].id");
      findingId = filed.json().getString("findings[0].id");
    }
  }

  static Answer file(ChannelClient ws, String report, String resubmits) {
    return ExportRequests.file(
        ws,
        Map.of("report.md", report.getBytes(StandardCharsets.UTF_8)),
        "paper results",
        resubmits);
  }

  static Map<String, Object> decision(String decision, String comment, Map<String, String> acks) {
    Map<String, Object> m = new HashMap<>();
    m.put("decision", decision);
    m.put("comment", comment);
    m.put("acknowledgements", acks);
    return m;
  }

  static io.restassured.response.Response review(
      String user, String role, String id, Map<String, Object> body) {
    return as(user, role).body(body).post(EXPORTS + id + "/reviews");
  }

  @Test
  void twoReviewersOutsideTheTeamReleaseItAndOnlyThenTheTeamDownloads() throws Exception {
    Filed f = new Filed();
    String oscar = Api.unique("oscar");
    long head = AuditTrail.head();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, "/console", f.scene.lead, "researcher");
    String download = "/console/exports/" + f.id + "/files/" + f.fileId;

    // Not released yet: the team cannot download.
    assertThat(lead.get(download).statusCode()).isEqualTo(403);

    // An approval without a reason for the verbatim finding is refused, and stores nothing.
    assertProblem(
            review(oscar, "output-checker", f.id, decision("approve", "", Map.of())),
            409,
            "findings-not-acknowledged")
        .body("detail", org.hamcrest.Matchers.containsString(f.findingId));
    assertThat(as(oscar, "output-checker").get(EXPORTS + f.id).jsonPath().getList("reviews"))
        .isEmpty();

    JsonPath first =
        review(
                oscar,
                "output-checker",
                f.id,
                decision("approve", "fine", Map.of(f.findingId, "a published song lyric")))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(first.getString("state")).isEqualTo("in-review");
    assertThat(first.getString("findings[0].acknowledgements[0].reviewer")).isEqualTo(oscar);

    // The same reviewer cannot give the second approval.
    assertProblem(
        review(
            oscar,
            "output-checker",
            f.id,
            decision("approve", "again", Map.of(f.findingId, "still fine"))),
        409,
        "already-reviewed");
    assertThat(lead.get(download).statusCode()).isEqualTo(403);

    // The dataset's steward gives the second: released.
    JsonPath second =
        review(
                f.scene.steward,
                "steward",
                f.id,
                decision("approve", "", Map.of(f.findingId, "not from a post of a participant")))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getString("state")).isEqualTo("released");
    assertThat(second.getString("releasedAt")).isNotNull();
    assertThat(second.getList("reviews.reviewer")).containsExactly(oscar, f.scene.steward);

    HttpResponse<String> got = lead.get(download);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(QUOTE);
    assertThat(got.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;");

    // Someone outside the team cannot download it, nor can a reviewer.
    String outsider = Api.unique("eve");
    assertThat(
            CodeFlowBrowser.signIn(base, "/console", outsider, "researcher")
                .get(download)
                .statusCode())
        .isEqualTo(403);

    // The dataset's transparency report lists the release: who asked, who approved, the files.
    JsonPath report =
        as(f.scene.steward, "steward")
            .get("/api/v1/datasets/" + f.scene.datasetId + "/transparency-report")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getBoolean("exports.recorded")).isTrue();
    assertThat(report.getList("exports.items.exportId")).containsExactly(f.id);
    assertThat(report.getString("exports.items[0].requestedBy")).isEqualTo(f.scene.lead);
    assertThat(report.getList("exports.items[0].approvals.reviewer"))
        .containsExactly(oscar, f.scene.steward);
    assertThat(report.getString("exports.items[0].files[0].path")).isEqualTo("report.md");
    assertThat(report.getString("exports.items[0].files[0].sha256"))
        .isEqualTo(second.getString("files[0].sha256"));
    assertThat(report.getMap("exports.items[0].findings"))
        .containsExactly(Map.entry("verbatim-text", 1));
    assertThat(report.getLong("exports.items[0].logIndex")).isNotNegative();

    assertThat(AuditTrail.after(head, Map.of("teamId", f.scene.teamId)))
        .filteredOn(e -> ((String) e.get("action")).startsWith("export."))
        .extracting(e -> e.get("action") + " " + e.get("outcome"))
        .containsExactly(
            "export.downloaded DENY",
            "export.reviewed DENY",
            "export.reviewed ALLOW",
            "export.reviewed DENY",
            "export.downloaded DENY",
            "export.reviewed ALLOW",
            "export.released ALLOW",
            "export.downloaded ALLOW",
            "export.download DENY");
  }

  @Test
  void neitherTheAuthorNorATeamMemberMayReviewEvenWithAReviewerRole() {
    Filed f = new Filed();
    Map<String, Object> approve =
        decision("approve", "", Map.of(f.findingId, "mine, so surely fine"));
    assertProblem(review(f.scene.lead, "steward", f.id, approve), 403, "conflict-of-interest");
    assertProblem(
        review(f.scene.member, "output-checker", f.id, approve), 403, "conflict-of-interest");
    // A steward of another dataset is no reviewer of this team.
    assertProblem(review(Api.unique("sara"), "steward", f.id, approve), 403, "forbidden");
    // A researcher is no reviewer at all.
    assertProblem(review(Api.unique("rita"), "researcher", f.id, approve), 403, "forbidden");
    assertThat(as(f.scene.lead, "researcher").get(EXPORTS + f.id).jsonPath().getList("reviews"))
        .isEmpty();
  }

  @Test
  void aRejectedOrWithdrawnRequestCannotBeDecided() {
    Filed f = new Filed();
    String oscar = Api.unique("oscar");
    review(oscar, "output-checker", f.id, decision("reject", "holds a participant's words", null))
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("rejected"));
    assertProblem(
        review(
            f.scene.steward, "steward", f.id, decision("approve", "", Map.of(f.findingId, "ok"))),
        409,
        "export-already-decided");

    Filed g = new Filed();
    Answer withdrawn = g.ws.call("POST", "/-/exports/" + g.id + "/withdraw", Map.of(), new byte[0]);
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertProblem(
        review(oscar, "output-checker", g.id, decision("return", "shorten it", null)),
        409,
        "export-already-decided");
  }

  @Test
  void aReturnedRequestIsResubmittedOnceAsANewRequestLinkedToIt() {
    Filed f = new Filed();
    String oscar = Api.unique("oscar");
    long head = AuditTrail.head();
    // Once reviewed, the author can no longer withdraw it.
    review(oscar, "output-checker", f.id, decision("return", "remove the quote", null))
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("returned"));
    Answer again = f.ws.call("POST", "/-/exports/" + f.id + "/withdraw", Map.of(), new byte[0]);
    assertThat(again.status()).isEqualTo(409);

    Answer resubmitted = file(f.ws, "Someone wrote about a calm night.\n", f.id);
    assertThat(resubmitted.status()).as(resubmitted.body()).isEqualTo(201);
    assertThat(resubmitted.json().getString("resubmits")).isEqualTo(f.id);
    assertThat(resubmitted.json().getList("findings")).isEmpty();

    Answer twice = file(f.ws, "Another try.\n", f.id);
    assertThat(twice.status()).as(twice.body()).isEqualTo(409);
    assertThat(twice.json().getString("code")).isEqualTo("state-conflict");
    assertThat(AuditTrail.after(head, Map.of("teamId", f.scene.teamId)))
        .filteredOn(e -> "export.returned".equals(e.get("action")))
        .singleElement()
        .satisfies(e -> assertThat((String) e.get("reason")).contains("remove the quote"));
    // Only a returned request can be resubmitted.
    Answer notReturned = file(f.ws, "Another try.\n", resubmitted.json().getString("id"));
    assertThat(notReturned.status()).as(notReturned.body()).isEqualTo(409);
  }

  @Test
  void badDecisionsAreRefusedWithWhatToSend() {
    Filed f = new Filed();
    String oscar = Api.unique("oscar");
    assertProblem(
        review(oscar, "output-checker", f.id, decision("maybe", "", null)),
        400,
        "validation-failed");
    assertProblem(
        review(oscar, "output-checker", f.id, decision("return", "  ", null)),
        400,
        "validation-failed");
    assertProblem(
        review(
            oscar,
            "output-checker",
            f.id,
            decision("approve", "", Map.of(UUID.randomUUID().toString(), "why not"))),
        400,
        "validation-failed");
    assertProblem(
        as(oscar, "output-checker")
            .body(Map.of("decision", "approve", "verdict", "yes"))
            .post(EXPORTS + f.id + "/reviews"),
        400,
        "unknown-field");
    assertThat(
            as(oscar, "output-checker")
                .body(
                    Map.of("decision", "approve", "acknowledgements", Map.of("finding-1", "fine")))
                .post(EXPORTS + f.id + "/reviews")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .extract()
                .jsonPath()
                .getString("detail"))
        .isNotBlank();
    assertProblem(
        review(
            oscar, "output-checker", UUID.randomUUID().toString(), decision("reject", "x", null)),
        404,
        "not-found");
    assertThat(as(oscar, "output-checker").get(EXPORTS + f.id).jsonPath().getList("reviews"))
        .isEmpty();
  }

  @Test
  void reviewersSeeTheirQueueAndTheTeamSeesOnlyItsOwn() {
    Filed f = new Filed();
    String oscar = Api.unique("oscar");
    List<String> queue =
        as(oscar, "output-checker").get(EXPORTS + "?state=submitted").jsonPath().getList("id");
    assertThat(queue).contains(f.id);
    assertThat(
            as(f.scene.steward, "steward")
                .get(EXPORTS + "?state=submitted")
                .jsonPath()
                .getList("id"))
        .contains(f.id);
    assertThat(as(Api.unique("eve"), "researcher").get(EXPORTS).jsonPath().getList("id"))
        .doesNotContain(f.id);
    as(Api.unique("eve"), "researcher").get(EXPORTS + f.id).then().statusCode(403);
    as(f.scene.member, "researcher")
        .get(EXPORTS + f.id)
        .then()
        .statusCode(200)
        .body("findings[0].rule", org.hamcrest.Matchers.equalTo("verbatim-text"));
    assertProblem(
        as(oscar, "output-checker").get(EXPORTS + "?state=pending"), 400, "validation-failed");
  }
}
