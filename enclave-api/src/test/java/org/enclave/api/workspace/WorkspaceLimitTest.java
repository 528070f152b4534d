package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Problems.assertProblem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.junit.jupiter.api.Test;

/** A team runs at most {@code enclave.workspaces.max-running-per-team} (2) workspaces at once. */
@QuarkusTest
class WorkspaceLimitTest {

  @Test
  void aTeamAtItsLimitCannotStartAnotherUntilOneStops() {
    WorkspaceScene scene = new WorkspaceScene();
    WorkspaceScene otherTeam = new WorkspaceScene();
    String first = scene.running();
    String second = scene.running();
    String third = scene.create();
    long head = AuditTrail.head();

    assertProblem(WorkspaceScene.start(scene.lead, third), 409, "workspace-limit-reached")
        .body("detail", org.hamcrest.Matchers.containsString("stop one first"));
    assertThat(scene.state(third)).isEqualTo("CREATED");
    assertThat(AuditTrail.after(head, Map.of("teamId", scene.teamId, "outcome", "DENY")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("action")).isEqualTo("workspace.start");
              assertThat(e.get("workspaceId")).isEqualTo(third);
            });

    // The limit is per team.
    String elsewhere = otherTeam.running();

    WorkspaceScene.stop(scene.lead, "researcher", first).then().statusCode(200);
    WorkspaceScene.start(scene.lead, third).then().statusCode(200);

    for (String id : new String[] {second, third}) {
      WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
    }
    WorkspaceScene.stop(otherTeam.lead, "researcher", elsewhere).then().statusCode(200);
  }
}
