package org.enclave.api.workspace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.workspace.model.WorkspaceState.CREATED;
import static org.enclave.api.workspace.model.WorkspaceState.FAILED;
import static org.enclave.api.workspace.model.WorkspaceState.RUNNING;
import static org.enclave.api.workspace.model.WorkspaceState.STARTING;
import static org.enclave.api.workspace.model.WorkspaceState.STOPPED;
import static org.enclave.api.workspace.model.WorkspaceState.STOPPING;
import static org.enclave.api.workspace.model.WorkspaceState.TERMINATED;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WorkspaceStateTest {

  @Test
  void theLifecycleMovesAreExactlyThese() {
    assertThat(moves(CREATED)).containsExactlyInAnyOrder(STARTING, TERMINATED);
    assertThat(moves(STARTING)).containsExactlyInAnyOrder(RUNNING, FAILED, STOPPED);
    assertThat(moves(RUNNING)).containsExactly(STOPPING);
    assertThat(moves(STOPPING)).containsExactlyInAnyOrder(STOPPED, FAILED, TERMINATED);
    assertThat(moves(STOPPED)).containsExactlyInAnyOrder(STARTING, TERMINATED);
    assertThat(moves(FAILED)).containsExactlyInAnyOrder(STARTING, STOPPING, TERMINATED);
  }

  @Test
  void aTerminatedWorkspaceGoesNowhere() {
    assertThat(moves(TERMINATED)).isEmpty();
  }

  @Test
  void aRunningWorkspaceCannotStartAgainOrBeStoppedWithoutStopping() {
    assertThat(RUNNING.canMoveTo(STARTING)).isFalse();
    assertThat(RUNNING.canMoveTo(STOPPED)).isFalse();
    assertThat(RUNNING.canMoveTo(TERMINATED)).isFalse();
  }

  @Test
  void onlyStartingAndStoppingAreMovesInProgress() {
    assertThat(Arrays.stream(WorkspaceState.values()).filter(WorkspaceState::inProgress))
        .containsExactlyInAnyOrder(STARTING, STOPPING);
  }

  @Test
  void sizesAreWrittenInLowerCaseAndMapToLimits() {
    assertThat(WorkspaceSize.fromJson("large")).isEqualTo(WorkspaceSize.LARGE);
    assertThat(WorkspaceSize.SMALL.json()).isEqualTo("small");
    assertThat(WorkspaceSize.MEDIUM.limits().memoryMiB()).isEqualTo(4096);
    assertThat(WorkspaceSize.LARGE.limits().cpus()).isEqualTo(4.0);
  }

  private static WorkspaceState[] moves(WorkspaceState from) {
    return Arrays.stream(WorkspaceState.values())
        .filter(from::canMoveTo)
        .toArray(WorkspaceState[]::new);
  }
}
