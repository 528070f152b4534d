package org.enclave.workspace.runtime.client;

/** A request of the enclave client that did not succeed; the message says why, for a person. */
public class EnclaveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EnclaveException(String message) {
    super(message);
  }

  public EnclaveException(String message, Throwable cause) {
    super(message, cause);
  }
}
