package org.enclave.api.support;

import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds a governance scene through the API: a team led by {@code lead}, a published dataset
 * version stewarded by {@code steward}, a data use agreement, and a pending access request.
 */
public final class Fixture {
  public final String teamId;
  public final String otherTeamId;
  public final String datasetId;
  public final String versionId;
  public final String requestId;
  public final String lead;
  public final String member;
  public final String outsider;
  public final String steward;

  private Fixture(Builder b) {
    this.lead = b.lead;
    this.member = b.member;
    this.outsider = b.outsider;
    this.steward = b.steward;
    this.teamId =
        Api.id(
            as("olga", "organizer")
                .body(Api.team(Api.unique("team"), lead, List.of(member)))
                .post("/api/v1/teams"));
    this.otherTeamId =
        Api.id(
            as("olga", "organizer")
                .body(Api.team(Api.unique("other"), outsider, List.of()))
                .post("/api/v1/teams"));
    this.datasetId =
        Api.id(
            as(steward, "steward")
                .body(
                    Map.of(
                        "name",
                        Api.unique("posts"),
                        "description",
                        "synthetic posts",
                        "sensitivityTier",
                        3))
                .post("/api/v1/datasets"));
    this.versionId =
        Api.id(
            as(steward, "steward")
                .body(Map.of("label", "v1", "notes", "first"))
                .post("/api/v1/datasets/" + datasetId + "/versions"));
    as(steward, "steward")
        .contentType(ContentType.BINARY)
        .body("{\"post\":1}\n".getBytes(StandardCharsets.UTF_8))
        .put(
            "/api/v1/datasets/" + datasetId + "/versions/" + versionId + "/files/train/posts.jsonl")
        .then()
        .statusCode(200);
    as(steward, "steward")
        .post("/api/v1/datasets/" + datasetId + "/versions/" + versionId + "/publish")
        .then()
        .statusCode(200);
    as(steward, "steward")
        .body(Map.of("text", "Use only inside the enclave."))
        .post("/api/v1/datasets/" + datasetId + "/agreements")
        .then()
        .statusCode(201);
    if (b.acceptAgreement) {
      for (String u : List.of(lead, member)) {
        as(u, "researcher")
            .post("/api/v1/datasets/" + datasetId + "/agreements/1/acceptances")
            .then()
            .statusCode(anyOf(is(200), is(201)));
      }
    }
    this.requestId =
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
                        "risk classification",
                        "ethicsReference",
                        "IRB-2026-001",
                        "durationDays",
                        30))
                .post("/api/v1/access-requests"));
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Fixture create() {
    return builder().build();
  }

  public static final class Builder {
    private String lead = Api.unique("lead");
    private String member = Api.unique("member");
    private String outsider = Api.unique("outsider");
    private String steward = Api.unique("steward");
    private boolean acceptAgreement = true;

    public Builder steward(String s) {
      this.steward = s;
      return this;
    }

    public Builder lead(String l) {
      this.lead = l;
      return this;
    }

    public Builder acceptAgreement(boolean accept) {
      this.acceptAgreement = accept;
      return this;
    }

    public Fixture build() {
      return new Fixture(this);
    }
  }
}
