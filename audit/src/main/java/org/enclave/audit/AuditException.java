package org.enclave.audit;

/** The audit log could not record an event; the action it guards must not proceed. */
public class AuditException extends RuntimeException {
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
