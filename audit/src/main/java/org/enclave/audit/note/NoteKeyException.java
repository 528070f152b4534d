package org.enclave.audit.note;

/**
 * A key name, verifier key or signer key is not acceptable. Messages never contain key material.
 */
public class NoteKeyException extends IllegalArgumentException {
  public NoteKeyException(String message) {
    super(message);
  }

  public NoteKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
