package org.enclave.api.audit;

/**
 * Action names of audit events that the control plane reads back, not only writes. Governance
 * actions are named by {@link org.enclave.api.security.Operation#action()}.
 */
public final class AuditActions {
  /**
   * The data broker served bytes of one dataset object to a workspace. The event carries the team,
   * dataset, dataset version, object key, byte range and bytes served; transparency reports count
   * the allowed ones as reads and the denied ones as denied attempts.
   */
  public static final String DATASET_OBJECT_READ = "dataset.object.read";

  /** A signed-in member opened a workspace's session (the first request the proxy admitted). */
  public static final String SESSION_OPENED = "session.opened";

  /** A session ended: sign-out, the workspace's stop, or a revocation of the team's grant. */
  public static final String SESSION_CLOSED = "session.closed";

  private AuditActions() {}
}
