package org.enclave.infra.workspace;

import java.time.Instant;
import java.util.List;

/**
 * A workspace as the provider sees it.
 *
 * @param id the workspace id
 * @param state whether it runs
 * @param startedAt when the running workspace was started; null when stopped
 * @param limits how each limit is enforced; empty when stopped
 */
public record WorkspaceStatus(
    String id, WorkspaceState state, Instant startedAt, List<LimitEnforcement> limits) {

  public WorkspaceStatus {
    limits = List.copyOf(limits);
  }

  public static WorkspaceStatus stopped(String id) {
    return new WorkspaceStatus(id, WorkspaceState.STOPPED, null, List.of());
  }

  public boolean running() {
    return state == WorkspaceState.RUNNING;
  }
}
