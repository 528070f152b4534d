package org.enclave.infra.workspace;

/** A workspace operation failed; {@link #reason()} says why, for mapping to an error code. */
public class WorkspaceException extends RuntimeException {

  /** Why an operation failed. */
  public enum Reason {
    /** The spec or request is invalid; nothing was changed. */
    INVALID_SPEC,
    /** The workspace is already running. */
    ALREADY_RUNNING,
    /** The workspace is not running. */
    NOT_RUNNING,
    /** The workspace did not start or did not become ready; nothing is left running. */
    START_FAILED,
    /** The host lacks something the provider needs (a program, a permission). */
    UNAVAILABLE,
    /** The cloud has no capacity for the instance type now (EC2 InsufficientInstanceCapacity). */
    CAPACITY,
    /** An account or service quota is used up (InstanceLimitExceeded, VcpuLimitExceeded). */
    QUOTA,
    /** The cloud still throttled the calls after the retries. */
    THROTTLED,
    /**
     * Something the configuration names does not exist or may not be used (launch template, subnet,
     * security group, instance profile, KMS key, a permission).
     */
    MISCONFIGURED,
    /** Reading or writing the provider's files or talking to the host failed. */
    HOST_ERROR
  }

  private final Reason reason;

  public WorkspaceException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public WorkspaceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
