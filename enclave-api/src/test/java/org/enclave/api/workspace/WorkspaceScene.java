package org.enclave.api.workspace;

import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.Api;
import org.enclave.infra.workspace.ExecRequest;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;

/**
 * A team (lead and member) and, if asked, a published dataset version with files whose agreement
 * both accepted and whose access the steward granted; plus the workspace calls, made as a member
 * through the REST API.
 */
public final class WorkspaceScene {
  static final String WORKSPACES = "/api/v1/workspaces";

  public final String lead = Api.unique("lead");
  public final String member = Api.unique("member");
  public final String steward = Api.unique("steward");
  public final String teamId;
  public String datasetId;
  String datasetName;
  public String versionId;
  String grantId;

  public WorkspaceScene() {
    teamId =
        Api.id(
            as("olga", "organizer")
                .body(Api.team(Api.unique("team"), lead, List.of(member)))
                .post("/api/v1/teams"));
  }

  /** Publishes a dataset version with {@code files}, has both members accept, and grants it. */
  public WorkspaceScene withGrantedDataset(Map<String, byte[]> files) {
    datasetName = Api.unique("posts");
    datasetId =
        Api.id(
            as(steward, "steward")
                .body(
                    Map.of(
                        "name", datasetName, "description", "workspace test", "sensitivityTier", 3))
                .post("/api/v1/datasets"));
    String datasets = "/api/v1/datasets/" + datasetId;
    versionId =
        Api.id(
            as(steward, "steward")
                .body(Map.of("label", "v1", "notes", "first"))
                .post(datasets + "/versions"));
    files.forEach(
        (path, bytes) ->
            as(steward, "steward")
                .contentType(ContentType.BINARY)
                .body(bytes)
                .put(datasets + "/versions/" + versionId + "/files/" + path)
                .then()
                .statusCode(200));
    as(steward, "steward")
        .post(datasets + "/versions/" + versionId + "/publish")
        .then()
        .statusCode(200);
    as(steward, "steward")
        .body(Map.of("text", "Use only inside the enclave."))
        .post(datasets + "/agreements")
        .then()
        .statusCode(201);
    for (String u : List.of(lead, member)) {
      as(u, "researcher")
          .post(datasets + "/agreements/1/acceptances")
          .then()
          .statusCode(anyOf(is(200), is(201)));
    }
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
                        "workspace test",
                        "ethicsReference",
                        "IRB-WS-1",
                        "durationDays",
                        30))
                .post("/api/v1/access-requests"));
    grantId =
        as(steward, "steward")
            .body(Map.of())
            .post("/api/v1/access-requests/" + requestId + "/approve")
            .then()
            .statusCode(200)
            .extract()
            .path("grantId");
    return this;
  }

  public String bucket() {
    return datasetName + ".v1";
  }

  public void revokeGrant() {
    as(steward, "steward")
        .body(Map.of("reason", "ethics approval withdrawn"))
        .post("/api/v1/grants/" + grantId + "/revoke")
        .then()
        .statusCode(200);
  }

  /** Creates a workspace as the lead; returns its id. */
  public String create() {
    return create(Api.unique("ws"));
  }

  String create(String name) {
    return as(lead, "researcher")
        .body(Map.of("teamId", teamId, "name", name, "size", "small"))
        .post(WORKSPACES)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Creates and starts a workspace as the lead; returns its id. */
  public String running() {
    String id = create();
    start(lead, id).then().statusCode(200);
    return id;
  }

  public static Response start(String user, String id) {
    return as(user, "researcher").post(WORKSPACES + "/" + id + "/start");
  }

  public static Response stop(String user, String role, String id) {
    return as(user, role).post(WORKSPACES + "/" + id + "/stop");
  }

  static Response terminate(String user, String id) {
    return as(user, "researcher").post(WORKSPACES + "/" + id + "/terminate");
  }

  public Response get(String id) {
    return as(lead, "researcher").get(WORKSPACES + "/" + id);
  }

  public String state(String id) {
    return get(id).then().statusCode(200).extract().path("state");
  }

  /** Runs a shell script inside the running workspace, as its user. */
  public static ExecResult sh(WorkspaceProvider provider, String id, String script) {
    return provider.exec(id, ExecRequest.shell(script).withTimeout(Duration.ofSeconds(90)));
  }
}
