package org.enclave.api.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.Fixture;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessGovernanceFlowTest {

  @Test
  void approvalCreatesGrantAndMakesTeamReaders() {
    Fixture f = Fixture.create();
    as(f.steward, "steward")
        .get("/api/v1/access-requests?status=PENDING")
        .then()
        .statusCode(200)
        .body("id", hasItem(f.requestId));

    String grantId =
        as(f.steward, "steward")
            .body(Map.of("note", "ethics approval checked"))
            .post("/api/v1/access-requests/" + f.requestId + "/approve")
            .then()
            .statusCode(200)
            .body("status", equalTo("APPROVED"))
            .body("decidedBy", equalTo(f.steward))
            .body("grantId", notNullValue())
            .extract()
            .path("grantId");

    as(f.lead, "researcher")
        .get("/api/v1/grants/" + grantId)
        .then()
        .statusCode(200)
        .body("active", equalTo(true))
        .body("teamId", equalTo(f.teamId));

    List<String> readers =
        as(f.steward, "steward")
            .get("/api/v1/datasets/" + f.datasetId + "/readers")
            .then()
            .statusCode(200)
            .extract()
            .path("username");
    assertThat(readers).containsExactlyInAnyOrder(f.lead, f.member);
  }

  @Test
  void secondApprovalIsAConflict() {
    Fixture f = Fixture.create();
    as(f.steward, "steward")
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(200);
    as(f.steward, "steward")
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("request-already-decided"));
    as(f.steward, "steward")
        .body(Map.of("reason", "changed my mind"))
        .post("/api/v1/access-requests/" + f.requestId + "/deny")
        .then()
        .statusCode(409);
  }

  @Test
  void approvalNeedsEveryMemberToAcceptTheCurrentAgreement() {
    Fixture f = Fixture.builder().acceptAgreement(false).build();
    as(f.lead, "researcher")
        .post("/api/v1/datasets/" + f.datasetId + "/agreements/1/acceptances")
        .then()
        .statusCode(200)
        .body("username", equalTo(f.lead))
        .body("version", equalTo(1));
    as(f.steward, "steward")
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(409)
        .body("code", equalTo("agreement-not-accepted"))
        .body("detail", org.hamcrest.Matchers.containsString(f.member));

    // A new agreement version supersedes the one the lead accepted.
    as(f.steward, "steward")
        .body(Map.of("text", "Version 2: no screenshots of posts."))
        .post("/api/v1/datasets/" + f.datasetId + "/agreements")
        .then()
        .statusCode(201)
        .body("version", equalTo(2));
    as(f.member, "researcher")
        .post("/api/v1/datasets/" + f.datasetId + "/agreements/1/acceptances")
        .then()
        .statusCode(409)
        .body("code", equalTo("agreement-not-current"));
    for (String u : List.of(f.lead, f.member)) {
      as(u, "researcher")
          .post("/api/v1/datasets/" + f.datasetId + "/agreements/2/acceptances")
          .then()
          .statusCode(200);
    }
    as(f.steward, "steward")
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(200);
    as(f.steward, "steward")
        .get("/api/v1/datasets/" + f.datasetId + "/agreements/2/acceptances")
        .then()
        .statusCode(200)
        .body("username", org.hamcrest.Matchers.containsInAnyOrder(f.lead, f.member));
  }

  @Test
  void expiryCannotExceedTheRequestedDuration() {
    Fixture f = Fixture.create();
    Instant tooLate = Instant.now().plus(Duration.ofDays(31));
    as(f.steward, "steward")
        .body(Map.of("expiresAt", tooLate.toString()))
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("expiresAt"));
    Instant shorter = Instant.now().plus(Duration.ofDays(7));
    as(f.steward, "steward")
        .body(Map.of("expiresAt", shorter.toString()))
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(200);
  }

  @Test
  void grantExpiresOnItsOwn() throws InterruptedException {
    Fixture f = Fixture.create();
    Instant soon = Instant.now().plusSeconds(2);
    String grantId =
        as(f.steward, "steward")
            .body(Map.of("expiresAt", soon.toString()))
            .post("/api/v1/access-requests/" + f.requestId + "/approve")
            .then()
            .statusCode(200)
            .extract()
            .path("grantId");
    as(f.steward, "steward")
        .get("/api/v1/datasets/" + f.datasetId + "/readers")
        .then()
        .body("size()", equalTo(2));
    while (Instant.now().isBefore(soon.plusMillis(200))) {
      Thread.sleep(100);
    }
    as(f.lead, "researcher")
        .get("/api/v1/grants/" + grantId)
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    as(f.steward, "steward")
        .get("/api/v1/datasets/" + f.datasetId + "/readers")
        .then()
        .body("size()", equalTo(0));
    as(f.lead, "researcher")
        .get("/api/v1/grants?active=true")
        .then()
        .body("id", org.hamcrest.Matchers.not(hasItem(grantId)));
  }

  @Test
  void stewardInTheRequestingTeamCannotDecide() {
    String dualRole = org.enclave.api.support.Api.unique("dual");
    Fixture f = Fixture.builder().steward(dualRole).lead(dualRole).build();
    as(f.steward, "steward", "researcher")
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(403)
        .body("code", equalTo("conflict-of-interest"));
  }

  @Test
  void revokedGrantLeavesNoReaders() {
    Fixture f = Fixture.create();
    String grantId =
        as(f.steward, "steward")
            .post("/api/v1/access-requests/" + f.requestId + "/approve")
            .then()
            .statusCode(200)
            .extract()
            .path("grantId");
    as(f.steward, "steward")
        .body(Map.of("reason", "ethics approval withdrawn"))
        .post("/api/v1/grants/" + grantId + "/revoke")
        .then()
        .statusCode(200)
        .body("active", equalTo(false))
        .body("revokedBy", equalTo(f.steward));
    as(f.steward, "steward")
        .get("/api/v1/datasets/" + f.datasetId + "/readers")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    as(f.steward, "steward")
        .body(Map.of("reason", "again"))
        .post("/api/v1/grants/" + grantId + "/revoke")
        .then()
        .statusCode(409)
        .body("code", equalTo("grant-not-active"));
  }

  @Test
  void governanceActionsAndDenialsAreAudited() {
    Fixture f = Fixture.create();
    as(f.outsider, "researcher")
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(403);
    as(f.member, "researcher")
        .body(
            Map.of(
                "teamId",
                f.teamId,
                "datasetId",
                f.datasetId,
                "versionId",
                f.versionId,
                "purpose",
                "x",
                "ethicsReference",
                "y",
                "durationDays",
                3))
        .post("/api/v1/access-requests")
        .then()
        .statusCode(403);
    List<String> actions =
        as("audrey", "auditor")
            .get("/api/v1/audit/events?datasetId=" + f.datasetId + "&limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .path("action");
    assertThat(actions)
        .contains(
            "dataset.register",
            "dataset.version.create",
            "dataset.file.upload",
            "dataset.version.publish",
            "agreement.publish",
            "agreement.accept",
            "access-request.create");
    List<Map<String, Object>> denials =
        as("audrey", "auditor")
            .get("/api/v1/audit/events?outcome=DENY&limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .path("findAll { it.actor == '" + f.member + "' || it.actor == '" + f.outsider + "' }");
    assertThat(denials)
        .extracting(m -> m.get("action"))
        .contains("access-request.create", "http.request");
  }
}
