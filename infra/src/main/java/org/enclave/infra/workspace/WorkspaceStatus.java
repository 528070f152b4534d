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
 * @param privateAddress the instance's private address, for networked providers; else null
 */
public record WorkspaceStatus(
    String id,
    WorkspaceState state,
    Instant startedAt,
    List<LimitEnforcement> limits,
    String privateAddress) {

  public WorkspaceStatus {
    limits = List.copyOf(limits);
  }

  public WorkspaceStatus(
      String id, WorkspaceState state, Instant startedAt, List<LimitEnforcement> limits) {
    this(id, state, startedAt, limits, null);
  }

  public static WorkspaceStatus stopped(String id) {
    return new WorkspaceStatus(id, WorkspaceState.STOPPED, null, List.of());
  }

  public boolean running() {
    return state == WorkspaceState.RUNNING;
  }
}
