package org.enclave.audit.note;

/**
 * A well-formed note failed verification: a trusted key's signature is invalid, the trusted keys
 * are ambiguous, or no trusted key signed the note. The note's text must not be used.
 */
public class NoteVerificationException extends RuntimeException {
  public NoteVerificationException(String message) {
    super(message);
  }
}
