package org.enclave.infra.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a process's output to its end on a daemon thread, keeping either its first or its last
 * {@code limit} bytes; the rest is read and dropped, so that the process never blocks on a full
 * pipe. Optionally the output must begin with a marker, which is taken off and noted.
 */
final class OutputCollector {
  /** Which part of a longer output is kept. */
  enum Keep {
    HEAD,
    TAIL
  }

  private final InputStream in;
  private final Keep keep;
  private final byte[] marker;
  private final int limit;
  private final Thread thread;

  /** The kept bytes: a growing array (head) or a ring (tail). */
  private byte[] kept;

  /** Bytes of the marker matched so far, or -1 once the output did not begin with it. */
  private int markerSeen;

  private long total;
  private int start;
  private int size;

  /**
   * @param marker bytes the output is expected to begin with; empty for none
   */
  OutputCollector(InputStream in, Keep keep, int limit, byte[] marker) {
    this.in = in;
    this.keep = keep;
    this.marker = marker.clone();
    this.limit = limit;
    // A head grows as needed: most output is far smaller than the limit.
    this.kept = new byte[keep == Keep.HEAD ? Math.min(limit, 8192) : limit];
    this.thread = new Thread(this::drain, "output-collector");
    thread.setDaemon(true);
  }

  OutputCollector(InputStream in, Keep keep, int limit) {
    this(in, keep, limit, new byte[0]);
  }

  OutputCollector start() {
    thread.start();
    return this;
  }

  /** Waits up to {@code millis} for the output to end (0: not at all). */
  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  private void drain() {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        synchronized (this) {
          int from = matchMarker(buffer, n);
          append(buffer, from, n - from);
        }
      }
    } catch (IOException e) {
      // The process is gone; keep what was read.
    }
  }

  /**
   * Consumes what of {@code buffer} belongs to the marker; returns where the output proper starts.
   */
  private int matchMarker(byte[] buffer, int n) {
    int i = 0;
    while (markerSeen >= 0 && markerSeen < marker.length && i < n) {
      if (buffer[i] != marker[markerSeen]) {
        // Not the marker after all: what matched so far is output too.
        byte[] matched = Arrays.copyOf(marker, markerSeen);
        markerSeen = -1;
        append(matched, 0, matched.length);
        return i;
      }
      markerSeen++;
      i++;
    }
    return i;
  }

  private void append(byte[] bytes, int from, int length) {
    total += length;
    if (keep == Keep.HEAD) {
      int n = Math.min(length, limit - size);
      if (size + n > kept.length) {
        kept = Arrays.copyOf(kept, Math.min(limit, Math.max(size + n, kept.length * 2)));
      }
      System.arraycopy(bytes, from, kept, size, n);
      size += n;
      return;
    }
    if (length >= kept.length) {
      System.arraycopy(bytes, from + length - kept.length, kept, 0, kept.length);
      start = 0;
      size = kept.length;
      return;
    }
    for (int i = 0; i < length; i++) {
      kept[(start + size) % kept.length] = bytes[from + i];
      if (size < kept.length) {
        size++;
      } else {
        start = (start + 1) % kept.length;
      }
    }
  }

  /** Whether the output began with the whole marker (always true without one). */
  synchronized boolean sawMarker() {
    return markerSeen == marker.length;
  }

  /** How many bytes of output there were, the marker not counted. */
  synchronized long total() {
    return total;
  }

  /** Whether some output was dropped. */
  synchronized boolean truncated() {
    return total > size;
  }

  /**
   * The kept output as UTF-8. A tail cut inside a character starts after it, not with a replacement
   * character.
   */
  synchronized String text() {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = kept[(start + i) % kept.length];
    }
    int from = 0;
    if (keep == Keep.TAIL && truncated()) {
      while (from < bytes.length && from < 3 && (bytes[from] & 0xC0) == 0x80) {
        from++;
      }
    }
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }
}
