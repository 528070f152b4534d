package org.enclave.api.broker;

import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.support.Api;

/**
 * A governance scene built through the REST API for broker tests: a team, a published dataset
 * version with files, its data use agreement accepted by every member, and an approved grant.
 */
final class BrokerScene {
  final String lead = Api.unique("lead");
  final String member = Api.unique("member");
  final String steward = Api.unique("steward");
  final String teamId;
  final String datasetId;
  final String datasetName;
  final String versionId;
  String grantId;

  BrokerScene(String datasetName, Map<String, byte[]> files) {
    this.datasetName = datasetName;
    teamId =
        Api.id(
            as("olga", "organizer")
                .body(Api.team(Api.unique("team"), lead, List.of(member)))
                .post("/api/v1/teams"));
    datasetId =
        Api.id(
            as(steward, "steward")
                .body(
                    Map.of("name", datasetName, "description", "broker test", "sensitivityTier", 3))
                .post("/api/v1/datasets"));
    versionId =
        Api.id(
            as(steward, "steward")
                .body(Map.of("label", "v1", "notes", "first"))
                .post("/api/v1/datasets/" + datasetId + "/versions"));
    files.forEach(
        (path, bytes) ->
            as(steward, "steward")
                .contentType(ContentType.BINARY)
                .body(bytes)
                .put("/api/v1/datasets/" + datasetId + "/versions/" + versionId + "/files/" + path)
                .then()
                .statusCode(200));
    as(steward, "steward")
        .post("/api/v1/datasets/" + datasetId + "/versions/" + versionId + "/publish")
        .then()
        .statusCode(200);
    publishAgreement("Use only inside the enclave.");
    accept(1, lead, member);
  }

  String bucket() {
    return datasetName + ".v1";
  }

  WorkspaceIdentity workspace(String id) {
    return new WorkspaceIdentity(id, UUID.fromString(teamId), lead);
  }

  void publishAgreement(String text) {
    as(steward, "steward")
        .body(Map.of("text", text))
        .post("/api/v1/datasets/" + datasetId + "/agreements")
        .then()
        .statusCode(201);
  }

  void accept(int version, String... users) {
    for (String u : users) {
      as(u, "researcher")
          .post("/api/v1/datasets/" + datasetId + "/agreements/" + version + "/acceptances")
          .then()
          .statusCode(anyOf(is(200), is(201)));
    }
  }

  /** The lead asks, the steward approves; the grant runs until {@code expiresAt} if given. */
  BrokerScene grant(Instant expiresAt) {
    String requestId =
        Api.id(
            as(lead, "researcher")
                .body(
                    Map.of(
                        "teamId",
                        teamId,
                        "datasetId",
                        datasetId,
                        "versionId",
                        versionId,
                        "purpose",
                        "broker test",
                        "ethicsReference",
                        "IRB-1",
                        "durationDays",
                        30))
                .post("/api/v1/access-requests"));
    grantId =
        as(steward, "steward")
            .body(expiresAt == null ? Map.of() : Map.of("expiresAt", expiresAt.toString()))
            .post("/api/v1/access-requests/" + requestId + "/approve")
            .then()
            .statusCode(200)
            .extract()
            .path("grantId");
    return this;
  }

  void revoke() {
    as(steward, "steward")
        .body(Map.of("reason", "broker test revocation"))
        .post("/api/v1/grants/" + grantId + "/revoke")
        .then()
        .statusCode(200);
  }
}
