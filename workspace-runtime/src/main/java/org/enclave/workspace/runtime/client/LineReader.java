package org.enclave.workspace.runtime.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of UTF-8 text from a stream, ended by {@code \n} or {@code \r\n}, with their numbers. Each
 * line is split on bytes and then decoded, so a line longer than the limit, or bytes that are not
 * UTF-8, are errors that name the right line.
 */
final class LineReader implements Closeable {
  private final String source;
  private final InputStream in;
  private final int maxBytes;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int len;
  private boolean eof;
  private byte[] line = new byte[256];
  private long lineNumber;

  LineReader(String source, InputStream in, int maxBytes) {
    this.source = source;
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The number of the line last returned, from 1. */
  long lineNumber() {
    return lineNumber;
  }

  /** The next line without its end, or {@code null} at the end of the stream. */
  String next() throws IOException {
    int size = 0;
    boolean any = false;
    while (true) {
      if (pos >= len && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int start = pos;
      while (pos < len && buf[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      if (size + n > maxBytes) {
        throw new IOException(
            source
                + ", line "
                + (lineNumber + 1)
                + ": longer than "
                + maxBytes
                + " bytes; read the file with open() instead");
      }
      if (size + n > line.length) {
        line = Arrays.copyOf(line, Math.max(size + n, line.length * 2));
      }
      System.arraycopy(buf, start, line, size, n);
      size += n;
      if (pos < len) {
        pos++; // the newline
        break;
      }
    }
    lineNumber++;
    if (size > 0 && line[size - 1] == '\r') {
      size--;
    }
    try {
      return utf8.decode(ByteBuffer.wrap(line, 0, size)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(source + ", line " + lineNumber + ": not UTF-8 text", e);
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    len = in.read(buf, 0, buf.length);
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
