package org.enclave.workspace.runtime.boot;

/** Why the workspace could not boot; the message is what the instance's journal shows. */
class BootException extends RuntimeException {
  BootException(String message) {
    super(message);
  }

  /** A failure that may pass: the network or a service is not up yet. */
  static final class Retry extends BootException {
    Retry(String message) {
      super(message);
    }
  }
}
