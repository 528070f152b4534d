package org.enclave.api.workspace.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.infra.workspace.WorkspaceStatus;

/**
 * What one reconciliation pass must do, decided from the records and what the provider reports,
 * before anything is done: the pass ({@link WorkspaceReconciler}) carries the steps out, each
 * audited. Deciding apart from doing keeps the rules readable and lets them be tested for both
 * kinds of provider without a host.
 *
 * @param steps in the order they are to be carried out: records first, then strays
 */
record ReconcilePlan(List<Step> steps) {

  /** One thing to do. */
  sealed interface Step permits Settle, Resume, TerminateOrphan, StopStray {}

  /**
   * Ends a record's run: {@code STOPPED}, or {@code FAILED} if {@code failed}.
   *
   * @param stopOnHost whether whatever still runs of it is to be stopped too (else only its broker
   *     endpoint is closed: nothing of it runs any more)
   */
  record Settle(WorkspaceEntity workspace, String reason, boolean failed, boolean stopOnHost)
      implements Step {}

  /** Reopens the broker endpoint of a workspace that runs, after a control-plane restart. */
  record Resume(WorkspaceEntity workspace) implements Step {}

  /**
   * Terminates an instance that no record accounts for (cloud instances keep a volume and cost).
   *
   * @param running whether it runs, so that it is at least stopped if terminating it fails
   */
  record TerminateOrphan(String key, boolean running) implements Step {}

  /** Stops a local sandbox that no record says should run. */
  record StopStray(String key) implements Step {}

  static final String INSTANCE_GONE =
      "its instance is gone (terminated outside the control plane), and its home volume with it";
  static final String SANDBOX_ENDED = "its sandbox was no longer running";

  /**
   * Decides a pass.
   *
   * @param records the workspaces that may run ({@link WorkspaceTransitions#MAY_RUN})
   * @param reported what the provider reports: its instances in any state if {@code instances},
   *     else its running sandboxes
   * @param instances whether the provider's workspaces are cloud instances that outlive their
   *     process and keep a volume
   * @param brokerOpen whether a workspace's broker endpoint is open in this process
   * @param stuckBefore moves begun before this are left over (from an earlier process) or stuck
   * @param processStart when this process started
   */
  static ReconcilePlan of(
      List<WorkspaceEntity> records,
      List<WorkspaceStatus> reported,
      boolean instances,
      Predicate<String> brokerOpen,
      Instant stuckBefore,
      Instant processStart) {
    Set<String> running = new LinkedHashSet<>();
    Set<String> listed = new LinkedHashSet<>();
    for (WorkspaceStatus s : reported) {
      listed.add(s.id());
      if (s.running()) {
        running.add(s.id());
      }
    }
    List<Step> steps = new ArrayList<>();
    Set<String> accounted = new HashSet<>();
    for (WorkspaceEntity w : records) {
      String key = w.key();
      accounted.add(key);
      boolean starting = w.state == WorkspaceState.STARTING;
      if (w.state == WorkspaceState.RUNNING) {
        if (instances && !listed.contains(key)) {
          steps.add(new Settle(w, INSTANCE_GONE, true, false));
        } else if (!running.contains(key)) {
          steps.add(new Settle(w, SANDBOX_ENDED, false, false));
        } else if (!brokerOpen.test(key)) {
          steps.add(new Resume(w));
        }
      } else if (w.stateChangedAt.isBefore(stuckBefore)) {
        String reason =
            w.stateChangedAt.isBefore(processStart)
                ? "left " + w.state + " by a control plane that stopped"
                : "still " + w.state + " long after any move should have finished";
        steps.add(new Settle(w, reason, starting, true));
      }
    }
    for (String key : instances ? listed : running) {
      if (accounted.contains(key)) {
        continue;
      }
      steps.add(instances ? new TerminateOrphan(key, running.contains(key)) : new StopStray(key));
    }
    return new ReconcilePlan(List.copyOf(steps));
  }
}
