package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.workspace.WorkspaceScene.sh;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.api.workspace.service.WorkspaceReconciler;
import org.enclave.api.workspace.service.WorkspaceTransitions;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.enclave.infra.workspace.WorkspaceSpec;
import org.junit.jupiter.api.Test;

/**
 * After a control-plane restart (or a sandbox that ended on its own), records and sandboxes are
 * made to agree: running workspaces are re-attached, records without a sandbox settled, sandboxes
 * without a record stopped. The restart is simulated: records written as a crash would leave them,
 * broker endpoints closed as a new process would find them.
 */
@QuarkusTest
class WorkspaceReconciliationTest {
  @Inject WorkspaceReconciler reconciler;
  @Inject WorkspaceHost host;
  @Inject BrokerEndpoints broker;
  @Inject WorkspaceTransitions transitions;
  @Inject EntityManager em;

  @Test
  void aRunningRecordWithoutASandboxBecomesStopped() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    WorkspaceRecords.update(
        em,
        id,
        "state = 'RUNNING', started_by = '"
            + scene.lead
            + "', started_at = :at, state_changed_at = :at, access_key_id = 'EKIAAAAAAAAAAAAAAAAA'",
        Instant.now().minus(Duration.ofHours(1)));
    long head = AuditTrail.head();

    reconciler.reconcile();

    scene
        .get(id)
        .then()
        .body("state", org.hamcrest.Matchers.equalTo("STOPPED"))
        .body("stateReason", org.hamcrest.Matchers.equalTo("its sandbox was no longer running"));
    assertThat(AuditTrail.after(head, Map.of("teamId", scene.teamId)))
        .filteredOn(e -> id.equals(e.get("workspaceId")))
        .extracting(e -> e.get("action") + " by " + e.get("actor"))
        .containsExactly(
            "workspace.stopping by enclave-control-plane",
            "workspace.stopped by enclave-control-plane");
  }

  @Test
  void aSandboxThatEndedOnItsOwnIsRecordedAsStopped() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    host.provider().stop(id);

    reconciler.reconcile();

    assertThat(scene.state(id)).isEqualTo("STOPPED");
    assertThat(broker.isOpen(id)).isFalse();
  }

  @Test
  void aSandboxWithoutARecordIsStopped() throws Exception {
    WorkspaceProvider provider = host.provider();
    String stray = "stray-" + UUID.randomUUID().toString().substring(0, 8);
    provider.start(WorkspaceSpec.of(stray, host.homeRoot(), host.brokerSocket(stray)));
    assertThat(provider.status(stray).running()).isTrue();
    long head = AuditTrail.head();

    reconciler.reconcile();

    assertThat(provider.status(stray).running()).isFalse();
    assertThat(AuditTrail.after(head, Map.of("action", "workspace.stopped")))
        .anySatisfy(
            e -> {
              assertThat(e.get("workspaceId")).isEqualTo(stray);
              assertThat(e.get("actor")).isEqualTo("enclave-control-plane");
              assertThat(String.valueOf(e.get("reason"))).contains("no workspace record");
            });
    provider.terminate(stray);
  }

  @Test
  void aSandboxOfAWorkspaceThatShouldNotRunIsStopped() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    WorkspaceProvider provider = host.provider();
    provider.start(WorkspaceSpec.of(id, host.homeRoot(), host.brokerSocket(id)));

    reconciler.reconcile();

    assertThat(provider.status(id).running()).isFalse();
    assertThat(scene.state(id)).isEqualTo("CREATED");
  }

  @Test
  void aRunningWorkspaceIsReattachedWithItsCredentials() {
    byte[] readme = "# reattach\n".getBytes(StandardCharsets.UTF_8);
    WorkspaceScene scene = new WorkspaceScene().withGrantedDataset(Map.of("README.md", readme));
    String id = scene.running();
    WorkspaceProvider provider = host.provider();
    String key = sh(provider, id, "printenv AWS_ACCESS_KEY_ID").stdout();
    // What a new control-plane process finds: the sandbox runs, its endpoint does not.
    broker.close(id);
    assertThat(sh(provider, id, "aws s3 ls").exitCode()).isNotZero();
    long head = AuditTrail.head();

    reconciler.reconcile();

    assertThat(broker.isOpen(id)).isTrue();
    assertThat(scene.state(id)).isEqualTo("RUNNING");
    assertThat(sh(provider, id, "printenv AWS_ACCESS_KEY_ID").stdout()).isEqualTo(key);
    ExecResult read = sh(provider, id, "aws s3 cp s3://" + scene.bucket() + "/README.md -");
    assertThat(read.exitCode()).as(read.stderr()).isZero();
    assertThat(read.stdout()).isEqualTo("# reattach\n");
    assertThat(AuditTrail.after(head, Map.of("teamId", scene.teamId)))
        .extracting(e -> e.get("action"))
        .contains("workspace.reattached", "dataset.object.read");

    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
  }

  @Test
  void aStartLeftUnfinishedByAStoppedControlPlaneBecomesFailed() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    WorkspaceRecords.update(
        em,
        id,
        "state = 'STARTING', started_by = '" + scene.lead + "', state_changed_at = :at",
        Instant.now().minus(Duration.ofDays(1)));

    reconciler.reconcile();

    scene
        .get(id)
        .then()
        .body("state", org.hamcrest.Matchers.equalTo("FAILED"))
        .body(
            "stateReason", org.hamcrest.Matchers.containsString("by a control plane that stopped"));
    WorkspaceScene.start(scene.lead, id).then().statusCode(200);
    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
  }

  @Test
  void aRecordThatMovedOnSinceItWasReadIsLeftAlone() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    UUID uuid = UUID.fromString(id);
    Instant seenEarlier = Instant.parse("2026-01-01T00:00:00Z");
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

    // As if the pass had read the record before a stop and a new start: not the same run.
    assertThat(transitions.reattach(uuid, seenEarlier, () -> ran.set(true))).isFalse();
    assertThat(
            transitions.settle(
                uuid, WorkspaceState.RUNNING, seenEarlier, "stale", () -> ran.set(true)))
        .isFalse();

    assertThat(ran).isFalse();
    assertThat(scene.state(id)).isEqualTo("RUNNING");
    assertThat(broker.isOpen(id)).isTrue();
    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
  }
}
