package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.workspace.WorkspaceScene.sh;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.api.workspace.service.WorkspaceHousekeeping;
import org.junit.jupiter.api.Test;

/**
 * Workspaces with no data broker request for longer than {@code enclave.workspaces.idle-timeout} (2
 * h) are stopped; requests keep them running. Idleness is made by moving the recorded last activity
 * back in time.
 */
@QuarkusTest
class WorkspaceIdleTest {
  @Inject WorkspaceHousekeeping housekeeping;
  @Inject WorkspaceHost host;
  @Inject EntityManager em;

  @Test
  void anIdleWorkspaceIsStoppedAndTheStopIsAudited() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    WorkspaceRecords.update(
        em, id, "last_activity_at = :at", Instant.now().minus(Duration.ofHours(3)));
    long head = AuditTrail.head();

    housekeeping.runOnce();

    scene
        .get(id)
        .then()
        .body("state", org.hamcrest.Matchers.equalTo("STOPPED"))
        .body("stateReason", org.hamcrest.Matchers.startsWith("idle: no data broker request"));
    assertThat(host.provider().status(id).running()).isFalse();
    assertThat(AuditTrail.after(head, Map.of("action", "workspace.stopped")))
        .filteredOn(e -> id.equals(e.get("workspaceId")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("actor")).isEqualTo("enclave-control-plane");
              assertThat(String.valueOf(e.get("reason"))).startsWith("idle");
            });
  }

  @Test
  void brokerRequestsKeepAWorkspaceRunning() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    Instant longAgo = Instant.now().minus(Duration.ofHours(3));
    WorkspaceRecords.update(em, id, "last_activity_at = :at", longAgo);
    Instant before = Instant.now();
    assertThat(sh(host.provider(), id, "aws s3 ls").exitCode()).isZero();

    housekeeping.runOnce();

    assertThat(scene.state(id)).isEqualTo("RUNNING");
    String last = scene.get(id).then().extract().path("lastActivityAt");
    assertThat(Instant.parse(last)).isAfterOrEqualTo(before.minusSeconds(1));
    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
  }
}
