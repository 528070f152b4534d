package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;
import static org.enclave.api.workspace.WorkspaceScene.WORKSPACES;
import static org.enclave.api.workspace.WorkspaceScene.sh;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.junit.jupiter.api.Test;

/** The lifecycle through the REST API, on real sandboxes: moves, records, audit, refusals. */
@QuarkusTest
class WorkspaceLifecycleTest {
  @Inject WorkspaceHost host;
  @Inject BrokerEndpoints broker;

  @Test
  void createStartStopStartTerminateWithEveryMoveAudited() {
    WorkspaceScene scene = new WorkspaceScene();
    WorkspaceProvider provider = host.provider();
    long head = AuditTrail.head();
    String name = Api.unique("analysis");
    String id =
        as(scene.lead, "researcher")
            .body(Map.of("teamId", scene.teamId, "name", name, "size", "medium"))
            .post(WORKSPACES)
            .then()
            .statusCode(201)
            .body("state", equalTo("CREATED"))
            .body("name", equalTo(name))
            .body("size", equalTo("medium"))
            .body("limits.cpus", equalTo(2.0f))
            .body("limits.memoryMiB", equalTo(4096))
            .body("createdBy", equalTo(scene.lead))
            .body("startedAt", nullValue())
            .extract()
            .path("id");
    assertThat(provider.status(id).running()).isFalse();

    WorkspaceScene.start(scene.member, id)
        .then()
        .statusCode(200)
        .body("state", equalTo("RUNNING"))
        .body("startedBy", equalTo(scene.member))
        .body("startedAt", notNullValue())
        .body("lastActivityAt", notNullValue());
    assertThat(provider.status(id).running()).isTrue();
    assertThat(broker.isOpen(id)).isTrue();
    ExecResult write = sh(provider, id, "echo kept > ~/notes.txt && id -un && hostname");
    assertThat(write.exitCode()).as(write.stderr()).isZero();
    assertThat(write.stdout()).isEqualTo("researcher\nworkspace\n");

    WorkspaceScene.stop(scene.lead, "researcher", id)
        .then()
        .statusCode(200)
        .body("state", equalTo("STOPPED"))
        .body("stoppedAt", notNullValue())
        .body("stateReason", equalTo("stopped by " + scene.lead));
    assertThat(provider.status(id).running()).isFalse();
    assertThat(broker.isOpen(id)).isFalse();
    assertThat(host.brokerSocket(id)).doesNotExist();

    WorkspaceScene.start(scene.lead, id).then().statusCode(200).body("state", equalTo("RUNNING"));
    assertThat(sh(provider, id, "cat ~/notes.txt").stdout()).isEqualTo("kept\n");
    assertThat(host.homeRoot().resolve(id)).isDirectory();

    WorkspaceScene.terminate(scene.lead, id)
        .then()
        .statusCode(200)
        .body("state", equalTo("TERMINATED"))
        .body("terminatedAt", notNullValue());
    assertThat(provider.status(id).running()).isFalse();
    assertThat(host.homeRoot().resolve(id)).doesNotExist();
    assertThat(host.brokerSocket(id).getParent()).doesNotExist();
    assertThat(scene.state(id)).isEqualTo("TERMINATED");

    List<Map<String, Object>> moves =
        AuditTrail.after(head, Map.of("teamId", scene.teamId)).stream()
            .filter(e -> id.equals(e.get("workspaceId")))
            .toList();
    assertThat(moves)
        .extracting(e -> e.get("action"))
        .containsExactly(
            "workspace.created",
            "workspace.starting",
            "workspace.started",
            "workspace.stopping",
            "workspace.stopped",
            "workspace.starting",
            "workspace.started",
            "workspace.terminating",
            "workspace.terminated");
    assertThat(moves).allSatisfy(e -> assertThat(e.get("outcome")).isEqualTo("ALLOW"));
    assertThat(moves).allSatisfy(e -> assertThat(e.get("resourceType")).isEqualTo("workspace"));
    assertThat(moves.get(1).get("actor")).isEqualTo(scene.member);
    assertThat(moves.get(3).get("actor")).isEqualTo(scene.lead);
  }

  @Test
  void illegalMovesAreRefusedWithTheState() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    assertProblem(WorkspaceScene.stop(scene.lead, "researcher", id), 409, "invalid-workspace-state")
        .body("detail", org.hamcrest.Matchers.containsString("it is CREATED"));

    WorkspaceScene.start(scene.lead, id).then().statusCode(200);
    assertProblem(WorkspaceScene.start(scene.lead, id), 409, "invalid-workspace-state")
        .body("detail", org.hamcrest.Matchers.containsString("it is RUNNING"));
    assertThat(scene.state(id)).isEqualTo("RUNNING");

    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
    assertProblem(
        WorkspaceScene.stop(scene.lead, "researcher", id), 409, "invalid-workspace-state");

    WorkspaceScene.terminate(scene.lead, id).then().statusCode(200);
    assertProblem(WorkspaceScene.start(scene.lead, id), 409, "invalid-workspace-state")
        .body("detail", org.hamcrest.Matchers.containsString("TERMINATED"));
    assertProblem(WorkspaceScene.terminate(scene.lead, id), 409, "invalid-workspace-state");
    assertProblem(
        WorkspaceScene.stop(scene.lead, "researcher", id), 409, "invalid-workspace-state");
    assertThat(host.provider().status(id).running()).isFalse();
  }

  @Test
  void terminatingARunningWorkspaceStopsItFirst() {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.running();
    WorkspaceScene.terminate(scene.lead, id)
        .then()
        .statusCode(200)
        .body("state", equalTo("TERMINATED"));
    assertThat(host.provider().status(id).running()).isFalse();
    assertThat(broker.isOpen(id)).isFalse();
    assertThat(host.homeRoot().resolve(id)).doesNotExist();
  }

  @Test
  void aStartThatFailsLeavesTheWorkspaceFailedWithNothingRunning() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    // The provider refuses a broker directory that holds anything but the socket.
    java.nio.file.Path intruder =
        Files.createDirectories(host.brokerSocket(id).getParent()).resolve("intruder");
    Files.writeString(intruder, "x");
    long head = AuditTrail.head();
    assertProblem(WorkspaceScene.start(scene.lead, id), 500, "workspace-start-failed");
    scene
        .get(id)
        .then()
        .body("state", equalTo("FAILED"))
        .body("stateReason", org.hamcrest.Matchers.startsWith("did not start"));
    assertThat(host.provider().status(id).running()).isFalse();
    assertThat(broker.isOpen(id)).isFalse();
    assertThat(AuditTrail.after(head, Map.of("teamId", scene.teamId)))
        .filteredOn(e -> "workspace.failed".equals(e.get("action")))
        .singleElement()
        .satisfies(e -> assertThat(e.get("outcome")).isEqualTo("ERROR"));

    Files.delete(intruder);
    WorkspaceScene.start(scene.lead, id).then().statusCode(200).body("state", equalTo("RUNNING"));
    WorkspaceScene.terminate(scene.lead, id).then().statusCode(200);
  }

  @Test
  void namesAreUniqueInATeamUntilTerminated() {
    WorkspaceScene scene = new WorkspaceScene();
    String name = Api.unique("shared");
    String first = scene.create(name);
    assertProblem(
        as(scene.lead, "researcher")
            .body(Map.of("teamId", scene.teamId, "name", name))
            .post(WORKSPACES),
        409,
        "already-exists");
    WorkspaceScene.terminate(scene.lead, first).then().statusCode(200);
    assertThat(scene.create(name)).isNotEqualTo(first);
  }

  @Test
  void concurrentCreatesOfOneNameMakeOneWorkspace() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String name = Api.unique("race");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(
            pool.submit(
                () ->
                    as(scene.lead, "researcher")
                        .body(Map.of("teamId", scene.teamId, "name", name))
                        .post(WORKSPACES)
                        .statusCode()));
      }
      List<Integer> statuses = new java.util.ArrayList<>();
      for (var a : answers) {
        statuses.add(a.get());
      }
      assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    List<String> named =
        as(scene.lead, "researcher")
            .get(WORKSPACES + "?teamId=" + scene.teamId)
            .then()
            .extract()
            .path("findAll { it.name == '" + name + "' }.id");
    assertThat(named).hasSize(1);
  }

  @Test
  void sizeDefaultsToSmall() {
    WorkspaceScene scene = new WorkspaceScene();
    as(scene.lead, "researcher")
        .body(Map.of("teamId", scene.teamId, "name", Api.unique("ws")))
        .post(WORKSPACES)
        .then()
        .statusCode(201)
        .body("size", equalTo("small"))
        .body("limits.memoryMiB", equalTo(2048));
  }

  @Test
  void unknownWorkspaceOrTeamIsNotFound() {
    WorkspaceScene scene = new WorkspaceScene();
    for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
      assertProblem(scene.get(id), 404, "not-found");
      assertProblem(WorkspaceScene.start(scene.lead, id), 404, "not-found");
      assertProblem(WorkspaceScene.stop(scene.lead, "researcher", id), 404, "not-found");
      assertProblem(WorkspaceScene.terminate(scene.lead, id), 404, "not-found");
    }
    assertProblem(
        as(scene.lead, "researcher")
            .body(Map.of("teamId", UUID.randomUUID().toString(), "name", "ws"))
            .post(WORKSPACES),
        404,
        "not-found");
  }

  @Test
  void listShowsTheCallersTeamsAndFilters() {
    WorkspaceScene mine = new WorkspaceScene();
    WorkspaceScene theirs = new WorkspaceScene();
    String created = mine.create();
    String running = mine.running();
    String other = theirs.create();

    List<String> seen =
        as(mine.lead, "researcher").get(WORKSPACES).then().statusCode(200).extract().path("id");
    assertThat(seen).contains(created, running).doesNotContain(other);
    List<String> runningOnly =
        as(mine.member, "researcher")
            .get(WORKSPACES + "?state=RUNNING")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    assertThat(runningOnly).contains(running).doesNotContain(created);
    List<String> otherTeam =
        as(mine.lead, "researcher")
            .get(WORKSPACES + "?teamId=" + theirs.teamId)
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    assertThat(otherTeam).isEmpty();
    List<String> stewardSees =
        as("sam", "steward")
            .get(WORKSPACES + "?teamId=" + theirs.teamId)
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    assertThat(stewardSees).containsExactly(other);

    WorkspaceScene.stop(mine.lead, "researcher", running).then().statusCode(200);
  }
}
