package org.enclave.api.workspace.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a workspace is in its lifecycle, and which moves are legal from there. {@code STARTING} and
 * {@code STOPPING} are held only while this control plane carries out the move; one left over from
 * a control plane that died meanwhile is settled at the next startup.
 */
public enum WorkspaceState {
  /** Recorded, never started: no sandbox, no home yet. */
  CREATED,
  /** A start is under way: broker endpoint opened, sandbox launching. */
  STARTING,
  /** Its sandbox runs and its broker endpoint is open. */
  RUNNING,
  /** A stop is under way: credentials revoked, processes being ended. */
  STOPPING,
  /** Nothing runs; the home is kept. */
  STOPPED,
  /** Gone for good: sandbox ended and home wiped. Kept as a record. */
  TERMINATED,
  /** A start or stop did not complete; nothing runs. It may be started again or terminated. */
  FAILED;

  private static final Map<WorkspaceState, Set<WorkspaceState>> NEXT =
      Map.of(
          CREATED, EnumSet.of(STARTING, TERMINATED),
          STARTING, EnumSet.of(RUNNING, FAILED, STOPPED),
          RUNNING, EnumSet.of(STOPPING),
          STOPPING, EnumSet.of(STOPPED, FAILED, TERMINATED),
          STOPPED, EnumSet.of(STARTING, TERMINATED),
          TERMINATED, EnumSet.noneOf(WorkspaceState.class),
          FAILED, EnumSet.of(STARTING, STOPPING, TERMINATED));

  /** Whether a workspace in this state may move to {@code next}. */
  public boolean canMoveTo(WorkspaceState next) {
    return NEXT.get(this).contains(next);
  }

  /** A move under way, held by the control plane that started it. */
  public boolean inProgress() {
    return this == STARTING || this == STOPPING;
  }
}
