package org.enclave.audit.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.MalformedNoteException;
import org.enclave.audit.note.NoteVerificationException;
import org.enclave.audit.note.NoteVerifier;

/**
 * The external anchor file that {@code FileCheckpointAnchor} appends to: signed checkpoint notes,
 * each followed by a blank line, so a note (text, blank line, signature lines) and its separator
 * read as two paragraphs. The file is kept outside the log's database; a checkpoint in it that the
 * log no longer matches shows that the database was rewritten after the checkpoint was anchored.
 *
 * <p>A file that is not a sequence of such notes (bad UTF-8, a paragraph missing, a note cut short,
 * no checkpoint at all) is an input error; a note that does not verify with the log key, or two
 * checkpoints of one size with different roots, fail verification. Restarts anchor the current
 * checkpoint again, so a size may repeat with the same root; sizes need not be in order.
 */
final class AnchorFile {

  /** Longest line accepted, so that a broken file cannot exhaust memory. */
  private static final int MAX_LINE = 64 << 10;

  private AnchorFile() {}

  /** A signed note as found in the file, with the line it starts on. */
  private record Note(long line, String text) {}

  /**
   * The opened checkpoints of the anchor file, one per size, smallest first.
   *
   * @throws InputException if the file cannot be read, is not a sequence of signed checkpoints, or
   *     holds none
   * @throws VerificationException if a checkpoint does not verify with {@code key}, or two sign one
   *     size with different roots
   */
  static List<Checkpoint> open(Path file, NoteVerifier key)
      throws InputException, VerificationException {
    List<Note> notes = read(file);
    List<Checkpoint> opened = new ArrayList<>(notes.size());
    for (int i = 0; i < notes.size(); i++) {
      Note note = notes.get(i);
      String which =
          "anchor checkpoint #" + (i + 1) + " (line " + note.line() + " of " + file + ")";
      try {
        opened.add(Checkpoint.open(note.text().getBytes(StandardCharsets.UTF_8), key));
      } catch (MalformedNoteException e) {
        throw new InputException(which + " is not a signed checkpoint: " + e.getMessage());
      } catch (NoteVerificationException e) {
        throw VerificationException.of(
            which
                + " does not verify with key "
                + SignedCheckpoints.label(key)
                + ": "
                + e.getMessage());
      }
    }
    opened.sort(Comparator.comparingLong(Checkpoint::size));
    List<Checkpoint> distinct = new ArrayList<>(opened.size());
    for (Checkpoint checkpoint : opened) {
      Checkpoint previous = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
      if (previous == null || previous.size() != checkpoint.size()) {
        distinct.add(checkpoint);
      } else if (!Arrays.equals(previous.rootHash(), checkpoint.rootHash())) {
        throw VerificationException.of(
            "the anchor file "
                + file
                + " holds two checkpoints of size "
                + checkpoint.size()
                + " with different roots: the log forked");
      }
    }
    return distinct;
  }

  /**
   * The signed notes of the anchor file, in file order.
   *
   * @throws InputException if the file cannot be read or is not a sequence of signed notes, each
   *     followed by a blank line, or holds none
   */
  private static List<Note> read(Path file) throws InputException {
    List<Note> notes = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(file),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      Paragraphs paragraphs = new Paragraphs(file, in);
      for (Paragraph text = paragraphs.next(); text != null; text = paragraphs.next()) {
        Paragraph signatures = paragraphs.next();
        if (signatures == null) {
          throw new InputException(
              "the anchor file "
                  + file
                  + " is malformed: the note starting on line "
                  + text.line()
                  + " has no signature lines after its blank line (the file ends there: cut"
                  + " short?)");
        }
        String[] lines = signatures.text().split("\n");
        for (int i = 0; i < lines.length; i++) {
          if (!lines[i].startsWith("\u2014 ")) {
            throw new InputException(
                "the anchor file "
                    + file
                    + " is malformed: line "
                    + (signatures.line() + i)
                    + " is neither a signature line nor blank: every checkpoint must be"
                    + " followed by a blank line");
          }
        }
        notes.add(new Note(text.line(), text.text() + "\n" + signatures.text()));
      }
    } catch (NoSuchFileException e) {
      throw new InputException("cannot read the anchor file " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InputException("the anchor file " + file + " is malformed: not UTF-8 text");
    } catch (IOException e) {
      throw new InputException("cannot read the anchor file " + file + ": " + e.getMessage(), e);
    }
    if (notes.isEmpty()) {
      throw new InputException("the anchor file " + file + " holds no checkpoint");
    }
    return notes;
  }

  /** Lines up to a blank line, each with its newline, and the number of the first. */
  private record Paragraph(long line, String text) {}

  /** Splits the file into paragraphs; each must end in a blank line (the last one too). */
  private static final class Paragraphs {
    private final Path file;
    private final BufferedReader in;
    private final StringBuilder line = new StringBuilder();
    private long lineNumber;

    Paragraphs(Path file, BufferedReader in) {
      this.file = file;
      this.in = in;
    }

    /** The next paragraph, or null at the end of the file. */
    Paragraph next() throws IOException, InputException {
      StringBuilder text = new StringBuilder();
      long first = lineNumber + 1;
      while (true) {
        String l = nextLine();
        if (l == null) {
          if (text.length() > 0) {
            throw new InputException(
                "the anchor file "
                    + file
                    + " is malformed: it ends without the blank line that ends every"
                    + " paragraph (the one starting on line "
                    + first
                    + "): cut short?");
          }
          return null;
        }
        if (l.isEmpty()) {
          if (text.length() == 0) {
            throw new InputException(
                "the anchor file " + file + " is malformed: unexpected blank line " + lineNumber);
          }
          return new Paragraph(first, text.toString());
        }
        text.append(l).append('\n');
      }
    }

    /** The next line without its newline; null at the end; a last line without one is an error. */
    private String nextLine() throws IOException, InputException {
      line.setLength(0);
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (line.length() == MAX_LINE) {
          throw new InputException(
              "the anchor file "
                  + file
                  + " is malformed: line "
                  + (lineNumber + 1)
                  + " is longer than "
                  + MAX_LINE
                  + " characters");
        }
        line.append((char) c);
      }
      if (c == -1) {
        if (line.length() > 0) {
          throw new InputException(
              "the anchor file "
                  + file
                  + " is malformed: its last line ("
                  + (lineNumber + 1)
                  + ") has no newline: cut short?");
        }
        return null;
      }
      lineNumber++;
      return line.toString();
    }
  }
}
