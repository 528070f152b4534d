package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.TightLimits;
import org.junit.jupiter.api.Test;

/**
 * The deployment runs at most {@code enclave.workspaces.max-running} (3 here) workspaces of all
 * teams at once, counted before the provider is asked for anything: on AWS, before any EC2 call.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class DeploymentWorkspaceLimitTest {

  @Test
  void aTeamBelowItsOwnLimitWaitsWhenTheDeploymentIsFull() {
    WorkspaceScene first = new WorkspaceScene();
    WorkspaceScene second = new WorkspaceScene();
    String a1 = first.running();
    String a2 = first.running();
    String b1 = second.running();
    String b2 = second.create();
    long head = AuditTrail.head();

    // The second team runs one of its two, but the deployment runs its three.
    assertProblem(WorkspaceScene.start(second.lead, b2), 409, "workspace-limit-reached")
        .body("detail", containsString("this deployment already runs " + TightLimits.MAX_RUNNING))
        .body("detail", containsString("enclave.workspaces.max-running=3"));
    assertThat(second.state(b2)).isEqualTo("CREATED");
    assertThat(AuditTrail.after(head, Map.of("workspaceId", b2)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("action")).isEqualTo("workspace.start");
              assertThat(e.get("outcome")).isEqualTo("DENY");
              assertThat(e.get("actor")).isEqualTo(second.lead);
            });

    // A slot freed by any team is one the waiting team can take.
    WorkspaceScene.stop(first.lead, "researcher", a1).then().statusCode(200);
    WorkspaceScene.start(second.lead, b2).then().statusCode(200);
    assertThat(second.state(b2)).isEqualTo("RUNNING");

    WorkspaceScene.stop(first.lead, "researcher", a2).then().statusCode(200);
    for (String id : new String[] {b1, b2}) {
      WorkspaceScene.stop(second.lead, "researcher", id).then().statusCode(200);
    }
  }
}
