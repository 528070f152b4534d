package org.enclave.api.workspace.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.persistence.WorkspaceRepository;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.jboss.logging.Logger;

/**
 * Makes the records and the host agree, so that no sandbox is orphaned and no record lies:
 *
 * <ul>
 *   <li>a {@code RUNNING} workspace whose sandbox runs keeps running; if its broker endpoint is not
 *       open (after a control-plane restart), it is resumed with the access key on record;
 *   <li>a {@code RUNNING} workspace whose sandbox is gone (it ended, or the host rebooted) becomes
 *       {@code STOPPED};
 *   <li>a start or stop left unfinished (by a control plane that died, or stuck for longer than any
 *       start may take) is finished: the sandbox stopped, the workspace {@code FAILED} if it was
 *       starting, else {@code STOPPED};
 *   <li>a sandbox whose workspace should not run, or that has no record at all, is stopped.
 * </ul>
 *
 * Every change is audited. Runs at startup and then periodically ({@link WorkspaceHousekeeping}).
 */
@ApplicationScoped
public class WorkspaceReconciler {
  private static final Logger LOG = Logger.getLogger(WorkspaceReconciler.class);

  /** What one pass did. */
  public record Report(int reattached, int settled, int straysStopped) {}

  @Inject WorkspaceRepository workspaces;
  @Inject WorkspaceTransitions transitions;
  @Inject WorkspaceHost host;
  @Inject BrokerEndpoints broker;
  @Inject WorkspaceConfig config;
  @Inject Clock clock;
  @Inject jakarta.enterprise.event.Event<WorkspaceRunEnded> runEnded;

  private final Instant processStart =
      Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

  /**
   * One pass. The records are read before the host is asked what runs: a workspace that finishes
   * starting in between then shows up as running rather than as a record without a sandbox.
   */
  public synchronized Report reconcile() {
    WorkspaceProvider provider = host.available().orElse(null);
    if (provider == null) {
      return new Report(0, 0, 0);
    }
    List<WorkspaceEntity> records =
        QuarkusTransaction.requiringNew()
            .call(() -> workspaces.inStates(WorkspaceTransitions.MAY_RUN));
    // Cloud instances outlive their process and keep a volume: one that is gone took the
    // workspace's home with it, and one that nobody owns must not be left to run or to cost.
    boolean instances = provider.network().isPresent();
    ReconcilePlan plan =
        ReconcilePlan.of(
            records,
            instances ? provider.existing() : provider.list(),
            instances,
            broker::isOpen,
            stuckBefore(),
            processStart);
    int reattached = 0;
    int settled = 0;
    int strays = 0;
    for (ReconcilePlan.Step step : plan.steps()) {
      if (step instanceof ReconcilePlan.Settle s) {
        String key = s.workspace().key();
        Runnable onHost =
            s.stopOnHost() ? () -> closeAndStop(provider, key) : () -> broker.close(key);
        settled += settle(s.workspace(), s.reason(), onHost, s.failed()) ? 1 : 0;
      } else if (step instanceof ReconcilePlan.Resume r) {
        reattached += resume(provider, r.workspace()) ? 1 : 0;
      } else if (step instanceof ReconcilePlan.TerminateOrphan t) {
        if (transitions.terminateOrphan(t.key(), () -> provider.terminate(t.key()))) {
          LOG.warnf("terminated instance of %s: no workspace record says it should exist", t.key());
          strays++;
        } else if (t.running() && stopStray(provider, t.key())) {
          strays++;
        }
      } else if (step instanceof ReconcilePlan.StopStray st && stopStray(provider, st.key())) {
        strays++;
      }
    }
    Report report = new Report(reattached, settled, strays);
    if (reattached + settled + strays > 0) {
      LOG.infof(
          "workspaces reconciled: %d re-attached, %d settled, %d stray sandboxes stopped",
          reattached, settled, strays);
    }
    return report;
  }

  private boolean stopStray(WorkspaceProvider provider, String key) {
    if (transitions.stopStray(key, () -> provider.stop(key))) {
      LOG.warnf("stopped sandbox %s: no workspace record says it should run", key);
      return true;
    }
    return false;
  }

  /** Moves in progress since before this are left over: from before this process, or stuck. */
  private Instant stuckBefore() {
    Duration longest = config.readyTimeout().plus(config.stopGrace()).plus(Duration.ofMinutes(2));
    Instant stuck = Instant.now(clock).minus(longest);
    return stuck.isAfter(processStart) ? stuck : processStart;
  }

  private boolean resume(WorkspaceProvider provider, WorkspaceEntity w) {
    String key = w.key();
    if (w.accessKeyId != null) {
      String owner = w.startedBy == null ? w.createdBy : w.startedBy;
      WorkspaceIdentity identity = new WorkspaceIdentity(key, w.teamId, owner);
      try {
        if (transitions.reattach(
            w.id,
            w.stateChangedAt,
            () -> {
              if (provider.network().isPresent()) {
                broker.resumeNetwork(identity, w.accessKeyId);
              } else {
                broker.resume(identity, w.accessKeyId, host.brokerSocket(key));
              }
            })) {
          LOG.infof("workspace %s re-attached: its broker endpoint is open again", key);
          return true;
        }
        return false;
      } catch (RuntimeException e) {
        LOG.errorf(e, "workspace %s could not be re-attached", key);
      }
    }
    settle(
        w,
        "could not be re-attached after a control-plane restart",
        () -> closeAndStop(provider, key),
        false);
    return false;
  }

  private boolean settle(WorkspaceEntity w, String reason, Runnable onHost, boolean failed) {
    try {
      Runnable end =
          () -> {
            runEnded.fire(new WorkspaceRunEnded(w.id, reason));
            onHost.run();
          };
      return transitions.settle(w.id, w.state, w.stateChangedAt, reason, end, failed);
    } catch (RuntimeException e) {
      LOG.errorf("workspace %s could not be settled (%s); trying again later", w.id, e.toString());
      return false;
    }
  }

  private void closeAndStop(WorkspaceProvider provider, String key) {
    broker.close(key);
    stopQuietly(provider, key);
  }

  private static void stopQuietly(WorkspaceProvider provider, String key) {
    try {
      provider.stop(key);
    } catch (RuntimeException e) {
      LOG.errorf(e, "could not stop sandbox %s", key);
    }
  }
}
