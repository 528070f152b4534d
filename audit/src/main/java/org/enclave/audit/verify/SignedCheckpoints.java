package org.enclave.audit.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.MalformedNoteException;
import org.enclave.audit.note.NoteVerificationException;
import org.enclave.audit.note.NoteVerifier;

/**
 * Opens the checkpoints a log lists, oldest first, and checks that they describe one growing log:
 * each is signed by the log key for the key's origin and signs the size it is listed under, sizes
 * never decrease, and one size never has two roots. Whether the entries match the roots is left to
 * {@link LogVerifier}; given that, consecutive checkpoints are consistent by construction.
 */
final class SignedCheckpoints {

  private SignedCheckpoints() {}

  /**
   * The opened checkpoints, one per size, smallest first.
   *
   * @throws VerificationException naming the first checkpoint (1-based, in listed order) that fails
   */
  static List<Checkpoint> open(List<DumpRecord.SignedCheckpoint> listed, NoteVerifier key)
      throws VerificationException {
    List<Checkpoint> opened = new ArrayList<>(listed.size());
    Checkpoint previous = null;
    for (int i = 0; i < listed.size(); i++) {
      DumpRecord.SignedCheckpoint record = listed.get(i);
      String which = "checkpoint #" + (i + 1) + " (size " + record.size() + ")";
      Checkpoint checkpoint;
      try {
        checkpoint = Checkpoint.open(record.note().getBytes(StandardCharsets.UTF_8), key);
      } catch (MalformedNoteException e) {
        throw VerificationException.of(
            which + " is not a well-formed signed checkpoint: " + e.getMessage());
      } catch (NoteVerificationException e) {
        throw VerificationException.of(
            which + " does not verify with key " + label(key) + ": " + e.getMessage());
      }
      if (checkpoint.size() != record.size()) {
        throw VerificationException.of(
            which
                + " is stored under size "
                + record.size()
                + " but signs size "
                + checkpoint.size());
      }
      if (previous != null && checkpoint.size() < previous.size()) {
        throw VerificationException.of(
            which
                + " signs a smaller log than checkpoint #"
                + i
                + " (size "
                + previous.size()
                + ")");
      }
      if (previous != null && checkpoint.size() == previous.size()) {
        if (!Arrays.equals(checkpoint.rootHash(), previous.rootHash())) {
          throw VerificationException.of(
              "checkpoints #"
                  + i
                  + " and #"
                  + (i + 1)
                  + " both sign size "
                  + checkpoint.size()
                  + " but with different roots: the log forked");
        }
        continue;
      }
      opened.add(checkpoint);
      previous = checkpoint;
    }
    return opened;
  }

  /** The public key label {@code name+keyid}. */
  static String label(NoteVerifier key) {
    return key.name() + "+" + String.format("%08x", key.keyId());
  }
}
