package org.enclave.audit.verify;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a JSON Lines file as raw lines (the JSON parser decodes UTF-8), numbered from 1. Lines end
 * in {@code \n}; a {@code \r} before it is JSON whitespace. Blank lines are skipped. Not
 * thread-safe.
 */
final class JsonLines implements Closeable {

  /** Longest line accepted, so that a broken file cannot exhaust memory. */
  static final int MAX_LINE = 64 << 20;

  private final Path path;
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private long lineNumber;

  private JsonLines(Path path, InputStream in) {
    this.path = path;
    this.in = in;
  }

  /** Opens a file. */
  static JsonLines open(Path path) throws InputException {
    try {
      return new JsonLines(path, Files.newInputStream(path));
    } catch (NoSuchFileException e) {
      throw new InputException("cannot read " + path + ": no such file");
    } catch (IOException e) {
      throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The next non-blank line without its newline, or {@code null} at the end of the file. */
  byte[] next() throws InputException {
    try {
      while (true) {
        int length = 0;
        boolean any = false;
        while (true) {
          if (position == limit && !fill()) {
            break;
          }
          any = true;
          int end = indexOfNewline();
          int chunk = (end < 0 ? limit : end) - position;
          if (length + chunk > MAX_LINE) {
            throw new InputException(
                path + ": line " + (lineNumber + 1) + " is longer than " + MAX_LINE + " bytes");
          }
          if (length + chunk > line.length) {
            line = Arrays.copyOf(line, Math.max(length + chunk, 2 * line.length));
          }
          System.arraycopy(buffer, position, line, length, chunk);
          length += chunk;
          position += chunk;
          if (end >= 0) {
            position++;
            break;
          }
        }
        if (!any) {
          return null;
        }
        lineNumber++;
        if (!isBlank(line, length)) {
          return Arrays.copyOf(line, length);
        }
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Number of the line last returned. */
  long lineNumber() {
    return lineNumber;
  }

  /** The file read, for messages. */
  Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // a file opened only for reading has nothing to lose on close
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }

  private int indexOfNewline() {
    for (int i = position; i < limit; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
