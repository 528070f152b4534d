package org.enclave.api.sharedtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.WorkspaceShell.RUNTIME_JAR;
import static org.enclave.api.support.WorkspaceShell.put;
import static org.enclave.api.support.WorkspaceShell.sh;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.junit.jupiter.api.Test;

/**
 * The acceptance path on a real sandbox: inside a running workspace, {@code enclave submit} (the
 * packaged runtime jar, copied into the workspace's home) sends predictions through the workspace's
 * broker endpoint; the control plane scores them and they appear on the leaderboard. A malformed
 * file gets the missing ids and does not use the limit. The gold labels are reachable from the
 * workspace neither through the broker nor on its file system.
 */
@QuarkusTest
class SharedTaskWorkspaceEndToEndTest {

  @Inject WorkspaceHost host;

  @ConfigProperty(name = "enclave.object-store.root")
  Path objectStore;

  @Test
  void teamSubmitsFromItsWorkspaceAndNeverReachesTheGold() throws IOException {
    assertThat(RUNTIME_JAR)
        .as("the packaged runtime (./mvnw -pl workspace-runtime package) must exist")
        .exists();
    TaskScene scene = new TaskScene().task().gold().openPhase(null, 2, "VISIBLE");
    WorkspaceProvider provider = host.provider();
    String ws =
        as(scene.lead, "researcher")
            .body(Map.of("teamId", scene.teamId, "name", "submit", "size", "small"))
            .post("/api/v1/workspaces")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(scene.lead, "researcher").post("/api/v1/workspaces/" + ws + "/start").then().statusCode(200);
    try {
      put(provider, ws, "enclave-runtime.jar", Files.readAllBytes(RUNTIME_JAR));
      put(provider, ws, "good.tsv", TaskScene.submission(TaskScene.USERS, 9));
      put(
          provider,
          ws,
          "partial.tsv",
          "user_id\tlabel\tscore\nu01\ta\t1\n".getBytes(StandardCharsets.UTF_8));
      long head = AuditTrail.head();

      ExecResult bad = sh(provider, ws, "enclave submit " + scene.taskName + " partial.tsv");
      assertThat(bad.exitCode()).as(bad.stdout()).isEqualTo(1);
      assertThat(bad.stderr())
          .contains("submission-rejected")
          .contains("missing-id (11)")
          .contains("u02");

      ExecResult good = sh(provider, ws, "enclave submit " + scene.taskName + " good.tsv");
      assertThat(good.exitCode()).as(good.stderr()).isZero();
      assertThat(good.stdout())
          .contains("accepted in phase dev")
          .contains("primary metric macro_f1")
          .contains("used: 1 today, 1 of 2 in this phase");

      as(scene.lead, "researcher")
          .get("/api/v1/tasks/" + scene.taskId + "/phases/" + scene.phaseId + "/leaderboard")
          .then()
          .statusCode(200)
          .body("entries[0].teamId", org.hamcrest.Matchers.equalTo(scene.teamId))
          .body("entries[0].rank", org.hamcrest.Matchers.equalTo(1));
      List<Map<String, Object>> events =
          AuditTrail.after(head, Map.of("teamId", scene.teamId, "action", "task.submission"));
      assertThat(events).extracting(e -> e.get("outcome")).containsExactly("DENY", "ALLOW");
      assertThat(events).allSatisfy(e -> assertThat(e.get("workspaceId")).isEqualTo(ws));

      // The gold object: no bucket names it, and its host path is not in the sandbox.
      String goldKey = goldKey(scene);
      ExecResult viaBroker =
          sh(
              provider,
              ws,
              "aws s3api get-object --bucket restricted --key "
                  + goldKey.substring("restricted/".length())
                  + " /dev/stdout");
      assertThat(viaBroker.exitCode()).isNotZero();
      assertThat(viaBroker.stderr()).contains("NoSuchBucket");
      ExecResult listing = sh(provider, ws, "aws s3 ls");
      assertThat(listing.stdout()).contains(scene.datasetName + ".v1").doesNotContain("restricted");
      Path onHost = objectStore.toAbsolutePath().normalize().resolve(goldKey);
      assertThat(onHost).as("the gold object on the host").exists();
      ExecResult onDisk =
          sh(provider, ws, "test -e '" + onHost + "' && echo visible || echo absent");
      assertThat(onDisk.stdout().strip()).isEqualTo("absent");
    } finally {
      as(scene.lead, "researcher").post("/api/v1/workspaces/" + ws + "/terminate");
    }
  }

  /** The object key of the task's gold, from the object store (no API returns it). */
  private Path goldDir(TaskScene scene) {
    return objectStore.resolve("restricted/shared-tasks/" + scene.taskId + "/gold");
  }

  private String goldKey(TaskScene scene) throws IOException {
    try (var files = Files.list(goldDir(scene))) {
      Path only = files.findFirst().orElseThrow();
      return "restricted/shared-tasks/" + scene.taskId + "/gold/" + only.getFileName();
    }
  }
}
