package org.enclave.infra.keys;

/** A key could not be created, read or used. */
public class KeyServiceException extends RuntimeException {
  public KeyServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
