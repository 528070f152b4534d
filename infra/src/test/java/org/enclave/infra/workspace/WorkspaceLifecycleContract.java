package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkspaceProvider} promises the control plane about a workspace's lifecycle,
 * whatever runs it: a subclass per provider (bubblewrap sandboxes, EC2 instances) runs these same
 * cases, so that both keep one contract (DESIGN invariant 6).
 */
abstract class WorkspaceLifecycleContract {

  /** The provider under test. */
  abstract WorkspaceProvider provider();

  /** What starts workspace {@code id} (again). */
  abstract WorkspaceSpec spec(String id);

  /** A fresh workspace id, unique to this test. */
  abstract String newId(String name);

  /** Leaves something in the workspace's home (it runs). */
  abstract void leaveMark(String id) throws Exception;

  /** Whether what {@link #leaveMark} left is still there (it runs again). */
  abstract boolean markKept(String id) throws Exception;

  String started(String name) {
    String id = newId(name);
    WorkspaceStatus status = provider().start(spec(id));
    assertThat(status.id()).isEqualTo(id);
    assertThat(status.running()).isTrue();
    return id;
  }

  @Test
  void aStartedWorkspaceRunsAndIsListed() {
    String id = started("runs");

    WorkspaceStatus status = provider().status(id);
    assertThat(status.state()).isEqualTo(WorkspaceState.RUNNING);
    assertThat(status.startedAt()).isNotNull();
    assertThat(provider().list()).extracting(WorkspaceStatus::id).contains(id);
    assertThat(provider().existing()).extracting(WorkspaceStatus::id).contains(id);
  }

  @Test
  void startingARunningWorkspaceIsRefused() {
    String id = started("twice");

    assertThatThrownBy(() -> provider().start(spec(id)))
        .isInstanceOfSatisfying(
            WorkspaceException.class,
            e -> assertThat(e.reason()).isEqualTo(WorkspaceException.Reason.ALREADY_RUNNING));
    assertThat(provider().status(id).running()).isTrue();
  }

  @Test
  void aStoppedWorkspaceIsStoppedAndNoLongerListedAsRunning() {
    String id = started("stops");

    provider().stop(id);

    assertThat(provider().status(id).state()).isEqualTo(WorkspaceState.STOPPED);
    assertThat(provider().list()).extracting(WorkspaceStatus::id).doesNotContain(id);
  }

  @Test
  void stoppingAStoppedWorkspaceChangesNothing() {
    String id = started("stop-twice");
    provider().stop(id);

    provider().stop(id);

    assertThat(provider().status(id).state()).isEqualTo(WorkspaceState.STOPPED);
  }

  @Test
  void theHomeIsKeptAcrossStopAndStart() throws Exception {
    String id = started("home");
    leaveMark(id);
    provider().stop(id);

    provider().start(spec(id));

    assertThat(markKept(id)).isTrue();
  }

  @Test
  void aTerminatedWorkspaceIsGone() {
    String id = started("gone");

    provider().terminate(id);

    assertThat(provider().status(id).state()).isEqualTo(WorkspaceState.STOPPED);
    assertThat(provider().list()).extracting(WorkspaceStatus::id).doesNotContain(id);
    assertThat(provider().existing()).extracting(WorkspaceStatus::id).doesNotContain(id);
  }

  @Test
  void aWorkspaceNeverStartedIsStopped() {
    String id = newId("never");

    assertThat(provider().status(id).state()).isEqualTo(WorkspaceState.STOPPED);
    provider().stop(id);
    provider().terminate(id);
  }

  @Test
  void anInvalidIdIsRefusedBeforeAnythingHappens() {
    assertThatThrownBy(() -> provider().status("../etc"))
        .isInstanceOfSatisfying(
            WorkspaceException.class,
            e -> assertThat(e.reason()).isEqualTo(WorkspaceException.Reason.INVALID_SPEC));
  }
}
