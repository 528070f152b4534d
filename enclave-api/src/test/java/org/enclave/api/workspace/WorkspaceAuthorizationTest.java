package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;
import static org.enclave.api.workspace.WorkspaceScene.WORKSPACES;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.junit.jupiter.api.Test;

/** Who may act on a workspace: its team's researchers; stewards and admins may also stop it. */
@QuarkusTest
class WorkspaceAuthorizationTest {
  @Inject WorkspaceHost host;

  @Test
  void anotherTeamsMemberCannotSeeOrTouchAWorkspace() {
    WorkspaceScene scene = new WorkspaceScene();
    WorkspaceScene other = new WorkspaceScene();
    String id = scene.running();
    long head = AuditTrail.head();

    assertProblem(as(other.lead, "researcher").get(WORKSPACES + "/" + id), 403, "forbidden");
    assertProblem(WorkspaceScene.start(other.lead, id), 403, "forbidden");
    assertProblem(WorkspaceScene.stop(other.lead, "researcher", id), 403, "forbidden");
    assertProblem(WorkspaceScene.terminate(other.lead, id), 403, "forbidden");
    assertProblem(
        as(other.lead, "researcher")
            .body(Map.of("teamId", scene.teamId, "name", "intruder"))
            .post(WORKSPACES),
        403,
        "forbidden");
    List<String> listed = as(other.lead, "researcher").get(WORKSPACES).then().extract().path("id");
    assertThat(listed).doesNotContain(id);
    assertThat(scene.state(id)).isEqualTo("RUNNING");
    assertThat(host.provider().status(id).running()).isTrue();

    List<Map<String, Object>> denied =
        AuditTrail.after(head, Map.of("actor", other.lead, "outcome", "DENY"));
    assertThat(denied)
        .extracting(e -> e.get("action"))
        .contains(
            "workspace.read",
            "workspace.start",
            "workspace.stop",
            "workspace.terminate",
            "workspace.create");
    assertThat(denied)
        .filteredOn(e -> !"workspace.create".equals(e.get("action")))
        .allSatisfy(e -> assertThat(e.get("workspaceId")).isEqualTo(id));
    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
  }

  @Test
  void aStewardMayStopAnyWorkspaceButNotStartOrTerminateIt() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    as("sam", "steward").get(WORKSPACES + "/" + id).then().statusCode(200);
    assertProblem(
        as("sam", "steward").post(WORKSPACES + "/" + id + "/terminate"), 403, "forbidden");
    WorkspaceScene.stop("sam", "steward", id)
        .then()
        .statusCode(200)
        .body("state", equalTo("STOPPED"))
        .body("stateReason", equalTo("stopped by sam"));
    assertThat(host.provider().status(id).running()).isFalse();
    assertProblem(as("sam", "steward").post(WORKSPACES + "/" + id + "/start"), 403, "forbidden");
    // A steward who also holds the researcher role is still not in the team.
    assertProblem(
        as("sam", "steward", "researcher").post(WORKSPACES + "/" + id + "/start"),
        403,
        "forbidden");
    assertThat(scene.state(id)).isEqualTo("STOPPED");
  }

  @Test
  void anAdminMayStopAnyWorkspace() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    WorkspaceScene.stop("adam", "admin", id)
        .then()
        .statusCode(200)
        .body("state", equalTo("STOPPED"));
  }

  @Test
  void aMemberWhoLeftTheTeamCanNoLongerStartItsWorkspaces() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    as("olga", "organizer")
        .delete("/api/v1/teams/" + scene.teamId + "/members/" + scene.member)
        .then()
        .statusCode(200);
    assertProblem(WorkspaceScene.start(scene.member, id), 403, "forbidden");
    assertThat(scene.state(id)).isEqualTo("CREATED");
  }
}
