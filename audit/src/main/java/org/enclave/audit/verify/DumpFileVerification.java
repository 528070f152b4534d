package org.enclave.audit.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteVerifier;

/**
 * Verifies a dump file ({@link DumpFormat}). Checkpoints and subtree hashes must be known before
 * the entries are streamed past them, but a dump may list its lines in any order. So entries are
 * verified during the first read for as long as no checkpoint or subtree hash has followed an
 * entry; a dump that lists those first (as {@code dump} writes it) is verified in that one read. A
 * dump that lists one after an entry is read a second time, parsing only its entry lines.
 */
final class DumpFileVerification {

  private final Path file;
  private final NoteVerifier key;
  private final List<Checkpoint> anchored;
  private final NodeTable nodes = new NodeTable();
  private final List<DumpRecord.SignedCheckpoint> checkpoints = new ArrayList<>();
  private final BitSet entryLines = new BitSet();

  private DumpFileVerification(Path file, NoteVerifier key, List<Checkpoint> anchored) {
    this.file = file;
    this.key = key;
    this.anchored = anchored;
  }

  /** Verifies the dump at {@code file} against the log key. */
  static VerificationSummary verify(Path file, NoteVerifier key)
      throws InputException, VerificationException {
    return verify(file, key, List.of());
  }

  /**
   * Verifies the dump at {@code file} against the log key and the opened checkpoints of the
   * external anchor ({@link AnchorFile}).
   */
  static VerificationSummary verify(Path file, NoteVerifier key, List<Checkpoint> anchored)
      throws InputException, VerificationException {
    return new DumpFileVerification(file, key, anchored).run();
  }

  private LogVerifier verifier() throws VerificationException {
    return new LogVerifier(SignedCheckpoints.open(checkpoints, key), anchored, nodes);
  }

  private VerificationSummary run() throws InputException, VerificationException {
    LogVerifier early = null;
    VerificationException earlyFailure = null;
    boolean lateSideData = false;
    try (JsonLines lines = JsonLines.open(file)) {
      for (byte[] line = lines.next(); line != null; line = lines.next()) {
        DumpRecord record = parse(line, lines);
        if (record instanceof DumpRecord.Entry entry) {
          entryLines.set(lineIndex(lines));
          if (lateSideData || earlyFailure != null) {
            continue;
          }
          try {
            if (early == null) {
              early = verifier();
            }
            early.entry(entry);
          } catch (VerificationException e) {
            earlyFailure = e;
          }
        } else {
          lateSideData |= !entryLines.isEmpty();
          if (record instanceof DumpRecord.Node node) {
            nodes.put(node);
          } else {
            checkpoints.add((DumpRecord.SignedCheckpoint) record);
          }
        }
      }
    }
    if (!lateSideData) {
      if (earlyFailure != null) {
        throw earlyFailure;
      }
      if (early == null) {
        early = verifier();
      }
      return early.finish();
    }
    return secondPass();
  }

  /** Verifies the entry lines again, now that every checkpoint and subtree hash is known. */
  private VerificationSummary secondPass() throws InputException, VerificationException {
    LogVerifier verifier = verifier();
    try (JsonLines lines = JsonLines.open(file)) {
      for (byte[] line = lines.next(); line != null; line = lines.next()) {
        if (entryLines.get(lineIndex(lines))) {
          if (!(parse(line, lines) instanceof DumpRecord.Entry entry)) {
            throw new InputException(file + " changed while it was being verified");
          }
          verifier.entry(entry);
        }
      }
    }
    return verifier.finish();
  }

  private static DumpRecord parse(byte[] line, JsonLines lines) throws InputException {
    try {
      return DumpFormat.parseLine(line);
    } catch (InputException e) {
      throw new InputException(
          lines.path() + ", line " + lines.lineNumber() + ": " + e.getMessage());
    }
  }

  private static int lineIndex(JsonLines lines) throws InputException {
    if (lines.lineNumber() > Integer.MAX_VALUE) {
      throw new InputException(lines.path() + " has more than " + Integer.MAX_VALUE + " lines");
    }
    return (int) lines.lineNumber();
  }
}
