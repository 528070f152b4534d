package org.enclave.workspace.runtime.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of UTF-8 text from a stream, ended by {@code \n} or {@code \r\n}, with their numbers. A
 * line longer than the limit, or bytes that are not UTF-8, are errors that name the line.
 */
final class LineReader implements Closeable {
  private final String source;
  private final Reader in;
  private final int maxChars;
  private final char[] buf = new char[8192];
  private int pos;
  private int len;
  private long lineNumber;
  private boolean eof;

  LineReader(String source, InputStream in, int maxChars) {
    this.source = source;
    this.in =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    this.maxChars = maxChars;
  }

  /** The number of the line last returned, from 1. */
  long lineNumber() {
    return lineNumber;
  }

  /** The next line without its end, or {@code null} at the end of the stream. */
  String next() throws IOException {
    if (eof && pos >= len) {
      return null;
    }
    StringBuilder line = new StringBuilder();
    while (true) {
      if (pos >= len) {
        if (!fill()) {
          if (line.length() == 0) {
            return null;
          }
          lineNumber++;
          return line.toString();
        }
      }
      int start = pos;
      while (pos < len && buf[pos] != '\n') {
        pos++;
      }
      line.append(buf, start, pos - start);
      if (line.length() > maxChars) {
        throw new IOException(
            source
                + ", line "
                + (lineNumber + 1)
                + ": longer than "
                + maxChars
                + " characters; read the file with open() instead");
      }
      if (pos < len) {
        pos++;
        lineNumber++;
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    try {
      len = in.read(buf, 0, buf.length);
    } catch (CharacterCodingException e) {
      throw new IOException(source + ", line " + (lineNumber + 1) + ": not UTF-8 text", e);
    }
    pos = 0;
    if (len < 0) {
      len = 0;
      eof = true;
      return false;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
