package org.enclave.audit.note;

import java.util.List;

/**
 * A note whose signatures from trusted keys all verified, with at least one of them.
 *
 * @param text the note text, ending in a newline
 * @param verified signatures from trusted keys, all valid, in note order
 * @param unverified signatures from keys not in the trusted set, ignored as C2SP requires
 */
public record VerifiedNote(
    String text, List<NoteSignature> verified, List<NoteSignature> unverified) {

  public VerifiedNote {
    verified = List.copyOf(verified);
    unverified = List.copyOf(unverified);
  }
}
