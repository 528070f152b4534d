package org.enclave.api.sharedtask.scoring.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ProblemCode;
import org.enclave.api.sharedtask.scoring.submission.ProblemCollector;

/**
 * Streams a tab-separated UTF-8 file line by line straight from bytes (no {@code String} per line):
 * the fields of the current line are byte ranges of {@link #bytes()}.
 *
 * <p>What it checks itself, recording problems in the collector: a UTF-8 byte order mark is
 * skipped; a UTF-16/32 one stops reading ({@code not-utf8}); a NUL byte stops reading ({@code
 * binary-content}); a line that is not valid UTF-8 is reported and skipped; {@code \r\n} line ends
 * are accepted; an empty line is reported ({@code blank-line}) and skipped, except that the file
 * may end with one line break; more than {@link ParseLimits#maxBytes()} bytes stops reading ({@code
 * too-many-bytes}); so does a line over 1 MiB ({@code line-too-long}).
 */
public final class TsvScanner {

  /** Longest line accepted. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private static final int CHUNK = 1 << 16;
  private static final int MAX_FIELDS = 32;

  private final InputStream in;
  private final ParseLimits limits;
  private final ProblemCollector problems;
  private byte[] buf = new byte[CHUNK * 4];
  private int start; // start of the unconsumed data
  private int end; // end of valid data in buf
  private long consumed; // bytes read from the stream so far
  private boolean eof;
  private boolean stopped;
  private boolean first;
  private long lineNumber;
  private int lineStart;
  private int lineEnd;
  private final int[] fieldStarts = new int[MAX_FIELDS + 1];
  private final int[] fieldEnds = new int[MAX_FIELDS + 1];
  private int fieldCount;
  private boolean plain;
  private boolean ascii;
  private boolean binary;

  public TsvScanner(InputStream in, ParseLimits limits, ProblemCollector problems) {
    this(in, limits, problems, true);
  }

  /**
   * A scanner of a file, or (with {@code fileStart} false) of a part of one that starts at a line
   * start after the file's first byte: no byte order mark is looked for, and line numbers count
   * from the part's first line.
   */
  public TsvScanner(
      InputStream in, ParseLimits limits, ProblemCollector problems, boolean fileStart) {
    this.in = in;
    this.limits = limits;
    this.problems = problems;
    this.first = fileStart;
  }

  /**
   * Moves to the next line with content, or returns false at the end of the file or when reading
   * stopped on a fatal problem (see the class comment).
   */
  public boolean next() {
    while (!stopped) {
      if (!scan()) {
        return false;
      }
      lineNumber++;
      int lineFrom = start;
      int lineTo = lineEnd;
      start = lineTo == end ? end : lineTo + 1; // past the '\n', if any
      if (lineTo > lineFrom && buf[lineTo - 1] == '\r') {
        lineTo--;
        if (fieldEnds[Math.min(fieldCount, MAX_FIELDS) - 1] > lineTo) {
          fieldEnds[Math.min(fieldCount, MAX_FIELDS) - 1] = lineTo;
        }
      }
      if (first) {
        first = false;
        int content = skipByteOrderMark(lineFrom, lineTo);
        if (stopped) {
          return false;
        }
        if (content != lineFrom) {
          lineFrom = content;
          fieldStarts[0] = content;
          if (fieldCount == 1) {
            fieldEnds[0] = Math.max(content, fieldEnds[0]);
          }
        }
      }
      if (lineTo == lineFrom) {
        problems.add(
            ProblemCode.BLANK_LINE,
            "empty lines are not allowed; remove them (the file may end with one line break)",
            lineNumber,
            null,
            null);
        continue;
      }
      if (binary) {
        fatal(
            ProblemCode.BINARY_CONTENT,
            "the file contains NUL bytes: it is binary or UTF-16 without a byte order mark; save"
                + " it as UTF-8 text",
            lineNumber);
        return false;
      }
      if (!ascii && !validUtf8(lineFrom, lineTo)) {
        continue;
      }
      lineStart = lineFrom;
      lineEnd = lineTo;
      return true;
    }
    return false;
  }

  /**
   * One pass over the next line from {@code start}: finds its end ({@code lineEnd}, the index of
   * '\n' or {@code end} at the end of the stream) and its tabs, and classifies its bytes; reads
   * more of the stream when the line is not complete in the buffer. False when nothing is left.
   */
  private boolean scan() {
    while (true) {
      boolean isAscii = true;
      boolean clean = true;
      boolean nul = false;
      int n = 0;
      int fieldFrom = start;
      byte[] b = buf;
      int limit = end;
      int i = start;
      while (i < limit) {
        if (i + 8 <= limit) { // eight bytes at a time up to the next byte that needs a look
          long special = Bytes.specials(Bytes.word(b, i));
          if (special == 0) {
            i += 8;
            continue;
          }
          i += Long.numberOfTrailingZeros(special) >>> 3;
        }
        byte c = b[i];
        if (c <= 0x20 || c == 0x7f) {
          if (c == '\n') {
            if (i - start > MAX_LINE_BYTES) {
              tooLong();
              return false;
            }
            finishFields(n, fieldFrom, i);
            lineEnd = i;
            ascii = isAscii;
            plain = clean;
            binary = nul;
            return true;
          } else if (c == '\t') {
            if (n < MAX_FIELDS) {
              fieldStarts[n] = fieldFrom;
              fieldEnds[n] = i;
            }
            n++;
            fieldFrom = i + 1;
          } else if (c < 0) {
            isAscii = false;
          } else if (c == 0) {
            nul = true;
          } else {
            clean = false; // a space or a control character (a final '\r' included)
          }
        }
        i++;
      }
      if (end - start > MAX_LINE_BYTES) {
        tooLong();
        return false;
      }
      if (eof) {
        if (end == start) {
          return false;
        }
        finishFields(n, fieldFrom, end);
        lineEnd = end;
        ascii = isAscii;
        plain = clean;
        binary = nul;
        return true;
      }
      fill(); // the line is incomplete: read more and scan it again from its start
      if (stopped) {
        return false;
      }
    }
  }

  /** Stops at a line longer than 1 MiB, however much of it the buffer holds. */
  private void tooLong() {
    fatal(
        ProblemCode.LINE_TOO_LONG,
        "a line is longer than 1 MiB; is this a tab-separated file with one row per line?",
        lineNumber + 1);
  }

  private void finishFields(int n, int fieldFrom, int to) {
    if (n < MAX_FIELDS) {
      fieldStarts[n] = fieldFrom;
      fieldEnds[n] = to;
    }
    fieldCount = n + 1;
  }

  /** 1-based number of the current line (counting every line of the file). */
  public long lineNumber() {
    return lineNumber;
  }

  /** Number of tab-separated fields in the current line. */
  public int fieldCount() {
    return fieldCount;
  }

  public byte[] bytes() {
    return buf;
  }

  public int start(int field) {
    return fieldStarts[field];
  }

  public int end(int field) {
    return fieldEnds[field];
  }

  public int length(int field) {
    return fieldEnds[field] - fieldStarts[field];
  }

  /** The field as a string (decoded; only for reporting and storing, not on the hot path). */
  public String field(int field) {
    return new String(buf, fieldStarts[field], length(field), StandardCharsets.UTF_8);
  }

  /** The whole current line as a string. */
  public String line() {
    return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
  }

  public boolean fieldEquals(int field, byte[] ascii) {
    return Bytes.equal(buf, fieldStarts[field], fieldEnds[field], ascii, 0, ascii.length);
  }

  /**
   * True when the current line has no space and no control character other than tab (any non-ASCII
   * bytes are valid UTF-8): then every field is free of them.
   */
  public boolean plain() {
    return plain;
  }

  /** True when field {@code field} has the same bytes as {@code other[from, to)}. */
  public boolean fieldEquals(int field, byte[] other, int from, int to) {
    return Bytes.equal(buf, fieldStarts[field], fieldEnds[field], other, from, to);
  }

  /** True once a fatal problem stopped reading. */
  public boolean stopped() {
    return stopped;
  }

  private void fill() {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (buf.length - end < CHUNK) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    try {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
        return;
      }
      consumed += n;
      end += n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (consumed > limits.maxBytes()) {
      fatal(
          ProblemCode.TOO_MANY_BYTES,
          "the file is larger than the limit of " + limits.maxBytes() + " bytes",
          0);
    }
  }

  private int skipByteOrderMark(int from, int to) {
    int len = to - from;
    if (len >= 3
        && (buf[from] & 0xff) == 0xEF
        && (buf[from + 1] & 0xff) == 0xBB
        && (buf[from + 2] & 0xff) == 0xBF) {
      return from + 3;
    }
    if (len >= 2
        && (((buf[from] & 0xff) == 0xFE && (buf[from + 1] & 0xff) == 0xFF)
            || ((buf[from] & 0xff) == 0xFF && (buf[from + 1] & 0xff) == 0xFE))) {
      fatal(
          ProblemCode.NOT_UTF8,
          "the file is UTF-16 or UTF-32 (it starts with that byte order mark); save it as UTF-8",
          1);
    }
    return from;
  }

  private boolean validUtf8(int from, int to) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, from, to - from));
      return true;
    } catch (CharacterCodingException e) {
      problems.add(
          ProblemCode.NOT_UTF8,
          "lines that are not valid UTF-8; save the file as UTF-8",
          lineNumber,
          null,
          null);
      return false;
    }
  }

  private void fatal(ProblemCode code, String detail, long line) {
    problems.add(code, detail, line, null, null);
    stopped = true;
  }
}
