package org.enclave.audit.note;

/**
 * A signed note, a checkpoint body or a note text breaks the format rules; nothing was verified.
 */
public class MalformedNoteException extends IllegalArgumentException {
  public MalformedNoteException(String message) {
    super(message);
  }
}
