package org.enclave.audit.postgres;

/** The audit log's database could not be read or written. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
