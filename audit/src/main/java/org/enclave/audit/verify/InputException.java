package org.enclave.audit.verify;

/**
 * The verifier could not read its input: a missing or malformed argument, an unreadable file, a
 * line or response that is not in the expected format, a bad key, an HTTP error. Nothing is known
 * about the log; the CLI exits with code 2.
 */
public final class InputException extends Exception {

  InputException(String message) {
    super(message);
  }

  InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
