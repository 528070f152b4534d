package org.enclave.api.workspace.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.enclave.api.broker.BrokerActivity;
import org.enclave.api.config.SchemaMigration;
import org.enclave.api.session.SessionActivity;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.persistence.WorkspaceRepository;
import org.jboss.logging.Logger;

/**
 * Reconciles the workspaces with the host at startup, once the schema is migrated and the audit log
 * is caught up, and then every {@code enclave.workspaces.check-interval}: saves the broker activity
 * recorded in memory, reconciles again, and stops workspaces idle for longer than {@code
 * enclave.workspaces.idle-timeout}.
 */
@ApplicationScoped
public class WorkspaceHousekeeping {
  private static final Logger LOG = Logger.getLogger(WorkspaceHousekeeping.class);

  /** After the audit index has caught up with the log, before the demo data. */
  static final int PRIORITY = SchemaMigration.PRIORITY + 2;

  @Inject WorkspaceHost host;
  @Inject WorkspaceReconciler reconciler;
  @Inject WorkspaceService service;
  @Inject WorkspaceTransitions transitions;
  @Inject WorkspaceRepository workspaces;
  @Inject BrokerActivity activity;
  @Inject SessionActivity sessionActivity;
  @Inject WorkspaceConfig config;
  @Inject Clock clock;

  private ScheduledExecutorService timer;

  void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
    if (host.available().isEmpty()) {
      return;
    }
    try {
      reconciler.reconcile();
    } catch (RuntimeException e) {
      LOG.error("reconciling workspaces at startup failed; trying again at the next check", e);
    }
    long every = config.checkInterval().toMillis();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "workspace-housekeeping");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** One round of housekeeping; each step runs even if another failed. */
  public synchronized void runOnce() {
    step("saving workspace activity", this::saveActivity);
    step("reconciling workspaces", reconciler::reconcile);
    step("stopping idle workspaces", this::stopIdle);
  }

  /** Saves the broker and session activity recorded in memory since the last round. */
  public void saveActivity() {
    Map<String, Instant> seen = new java.util.HashMap<>(activity.drain());
    sessionActivity.drain().forEach((ws, at) -> seen.merge(ws, at, (a, b) -> a.isAfter(b) ? a : b));
    if (!seen.isEmpty()) {
      transitions.recordActivity(seen);
    }
  }

  /** Stops every running workspace idle since before now minus the idle timeout. */
  public int stopIdle() {
    Duration timeout = config.idleTimeout();
    Instant cutoff = Instant.now(clock).minus(timeout);
    List<WorkspaceEntity> idle =
        QuarkusTransaction.requiringNew().call(() -> workspaces.idleSince(cutoff));
    int stopped = 0;
    for (WorkspaceEntity w : idle) {
      Instant last = w.lastActivityAt == null ? w.startedAt : w.lastActivityAt;
      String reason =
          "idle: no data broker request or session activity for more than "
              + human(timeout)
              + " (last at "
              + last
              + ")";
      try {
        if (service.stopBySystem(w.id, WorkspaceState.RUNNING, reason)) {
          LOG.infof("workspace %s stopped: %s", w.id, reason);
          stopped++;
        }
      } catch (RuntimeException e) {
        LOG.errorf("idle workspace %s could not be stopped: %s", w.id, e.toString());
      }
    }
    return stopped;
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  private static void step(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s failed; trying again at the next check", what);
    }
  }
}
