package org.enclave.infra.aws.sts;

/** A session could not be opened on a user's behalf, or the control plane's identity read. */
public class UserSessionException extends RuntimeException {
  public UserSessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
