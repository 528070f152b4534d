package org.enclave.api.workspace.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.service.ReconcilePlan.Resume;
import org.enclave.api.workspace.service.ReconcilePlan.Settle;
import org.enclave.api.workspace.service.ReconcilePlan.StopStray;
import org.enclave.api.workspace.service.ReconcilePlan.TerminateOrphan;
import org.enclave.infra.workspace.WorkspaceStatus;
import org.junit.jupiter.api.Test;

/**
 * The decisions of a reconciliation pass, for cloud instances (which outlive their process and keep
 * a volume: EC2 reports them in every state) and for local sandboxes (reported while they run). The
 * pass itself, with the database, the audit log and real sandboxes, is tested by
 * WorkspaceReconciliationTest.
 */
class ReconcilePlanTest {
  static final Instant PROCESS_START = Instant.parse("2026-12-06T10:00:00Z");
  static final Instant STUCK_BEFORE = PROCESS_START;

  @Test
  void aRunningWorkspaceWhoseInstanceIsGoneFailsAndOnlyItsBrokerIsClosed() {
    WorkspaceEntity w = record(WorkspaceState.RUNNING, PROCESS_START.plusSeconds(60));

    ReconcilePlan plan =
        ReconcilePlan.of(List.of(w), List.of(), true, k -> true, STUCK_BEFORE, PROCESS_START);

    assertThat(plan.steps())
        .containsExactly(new Settle(w, ReconcilePlan.INSTANCE_GONE, true, false));
  }

  @Test
  void aRunningWorkspaceWhoseInstanceWasStoppedOutsideBecomesStopped() {
    WorkspaceEntity w = record(WorkspaceState.RUNNING, PROCESS_START.plusSeconds(60));

    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(w),
            List.of(status(w, org.enclave.infra.workspace.WorkspaceState.STOPPED)),
            true,
            k -> true,
            STUCK_BEFORE,
            PROCESS_START);

    assertThat(plan.steps())
        .containsExactly(new Settle(w, ReconcilePlan.SANDBOX_ENDED, false, false));
  }

  @Test
  void instancesWithoutARecordAreTerminatedWhateverTheirState() {
    WorkspaceStatus runs = status("a1", org.enclave.infra.workspace.WorkspaceState.RUNNING);
    WorkspaceStatus stopped = status("a2", org.enclave.infra.workspace.WorkspaceState.STOPPED);

    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(), List.of(runs, stopped), true, k -> true, STUCK_BEFORE, PROCESS_START);

    assertThat(plan.steps())
        .containsExactly(new TerminateOrphan("a1", true), new TerminateOrphan("a2", false));
  }

  @Test
  void aRunningInstanceWithARecordButNoBrokerEndpointIsResumed() {
    WorkspaceEntity w = record(WorkspaceState.RUNNING, PROCESS_START.minusSeconds(3600));
    WorkspaceEntity open = record(WorkspaceState.RUNNING, PROCESS_START.minusSeconds(3600));
    Set<String> endpoints = Set.of(open.key());

    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(w, open),
            List.of(
                status(w, org.enclave.infra.workspace.WorkspaceState.RUNNING),
                status(open, org.enclave.infra.workspace.WorkspaceState.RUNNING)),
            true,
            endpoints::contains,
            STUCK_BEFORE,
            PROCESS_START);

    assertThat(plan.steps()).containsExactly(new Resume(w));
  }

  @Test
  void movesLeftOverByAnEarlierProcessAreFinishedAndStartsFail() {
    WorkspaceEntity starting = record(WorkspaceState.STARTING, PROCESS_START.minusSeconds(5));
    WorkspaceEntity stopping = record(WorkspaceState.STOPPING, PROCESS_START.minusSeconds(5));
    WorkspaceEntity fresh = record(WorkspaceState.STARTING, PROCESS_START.plusSeconds(5));

    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(starting, stopping, fresh),
            List.of(status(starting, org.enclave.infra.workspace.WorkspaceState.RUNNING)),
            true,
            k -> false,
            STUCK_BEFORE,
            PROCESS_START);

    assertThat(plan.steps())
        .containsExactly(
            new Settle(starting, "left STARTING by a control plane that stopped", true, true),
            new Settle(stopping, "left STOPPING by a control plane that stopped", false, true));
  }

  @Test
  void aMoveStuckInThisProcessSaysSo() {
    Instant now = PROCESS_START.plus(Duration.ofHours(2));
    WorkspaceEntity stuck = record(WorkspaceState.STARTING, PROCESS_START.plusSeconds(60));

    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(stuck), List.of(), false, k -> true, now.minusSeconds(900), PROCESS_START);

    assertThat(plan.steps())
        .containsExactly(
            new Settle(
                stuck, "still STARTING long after any move should have finished", true, true));
  }

  @Test
  void locallyAnEndedSandboxIsStoppedAndAStrayIsStoppedNotTerminated() {
    WorkspaceEntity w = record(WorkspaceState.RUNNING, PROCESS_START.plusSeconds(60));
    WorkspaceStatus stray = status("s1", org.enclave.infra.workspace.WorkspaceState.RUNNING);

    ReconcilePlan plan =
        ReconcilePlan.of(List.of(w), List.of(stray), false, k -> true, STUCK_BEFORE, PROCESS_START);

    assertThat(plan.steps())
        .containsExactly(
            new Settle(w, ReconcilePlan.SANDBOX_ENDED, false, false), new StopStray("s1"));
  }

  @Test
  void nothingToDoWhenRecordsAndHostAgree() {
    WorkspaceEntity w = record(WorkspaceState.RUNNING, PROCESS_START.plusSeconds(60));

    assertThat(
            ReconcilePlan.of(
                    List.of(w),
                    List.of(status(w, org.enclave.infra.workspace.WorkspaceState.RUNNING)),
                    true,
                    k -> true,
                    STUCK_BEFORE,
                    PROCESS_START)
                .steps())
        .isEmpty();
  }

  private static WorkspaceEntity record(WorkspaceState state, Instant changed) {
    WorkspaceEntity w = new WorkspaceEntity();
    w.id = UUID.randomUUID();
    w.teamId = UUID.randomUUID();
    w.state = state;
    w.stateChangedAt = changed;
    return w;
  }

  private static WorkspaceStatus status(
      WorkspaceEntity w, org.enclave.infra.workspace.WorkspaceState state) {
    return status(w.key(), state);
  }

  private static WorkspaceStatus status(
      String key, org.enclave.infra.workspace.WorkspaceState state) {
    return new WorkspaceStatus(key, state, null, List.of(), "10.20.0.5");
  }
}
