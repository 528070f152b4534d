package org.enclave.audit;

/**
 * Where audit events go. An implementation returns from {@link #append} only once the event is
 * durable; a caller that must log before acting treats an exception as a refusal (fail closed).
 */
public interface AuditSink {

  /**
   * Appends one event.
   *
   * @return the position of the event in the log (0-based, contiguous)
   * @throws AuditException if the event could not be made durable
   */
  long append(AuditEvent event);
}
