package org.enclave.infra.local;

/**
 * The local stack could not start or stay up. The message is meant for the person at the terminal:
 * it says what failed and, where it can, what to do about it.
 */
public class LocalStackException extends RuntimeException {

  public LocalStackException(String message) {
    super(message);
  }

  public LocalStackException(String message, Throwable cause) {
    super(message, cause);
  }
}
