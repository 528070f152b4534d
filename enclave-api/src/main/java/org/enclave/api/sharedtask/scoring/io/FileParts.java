package org.enclave.api.sharedtask.scoring.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A file cut into parts that each begin at a line start, so that the parts can be read and
 * validated in parallel: part {@code k} is bytes {@code [start(k), start(k + 1))}. A part never
 * begins inside a line, so never inside a {@code \r\n} pair or a UTF-8 sequence (neither holds a
 * {@code \n} byte). Each part is read with positioned reads on the one channel, which threads may
 * share.
 */
public final class FileParts {

  /** Files are cut into parts of at least this many bytes: smaller ones are read in one pass. */
  public static final long MIN_PART_BYTES = 8L << 20;

  /** Parts per thread: more parts than threads even out threads that the machine slows down. */
  private static final int PARTS_PER_THREAD = 4;

  private static final int PROBE = 1 << 16;

  private final FileChannel channel;
  private final long[] bounds; // bounds[k] = start of part k; bounds[count] = the file's size

  private FileParts(FileChannel channel, long[] bounds) {
    this.channel = channel;
    this.bounds = bounds;
  }

  /** How many parts a file of {@code size} bytes is best read in (1: in one pass). */
  public static int partsFor(long size) {
    return (int)
        Math.max(1, Math.min(Parallel.threads() * PARTS_PER_THREAD, size / MIN_PART_BYTES));
  }

  /**
   * Cuts the file into at most {@code wanted} parts of about equal size, each moved forward to the
   * next line start; fewer when lines are longer than a part.
   */
  public static FileParts split(FileChannel channel, int wanted) throws IOException {
    long size = channel.size();
    long[] bounds = new long[Math.max(1, wanted) + 1];
    int count = 0;
    for (int k = 1; k < bounds.length - 1; k++) {
      long start = lineStartFrom(channel, Math.max(bounds[count], size / (bounds.length - 1) * k));
      if (start > bounds[count] && start < size) {
        bounds[++count] = start;
      }
    }
    bounds[++count] = size;
    return new FileParts(channel, Arrays.copyOf(bounds, count + 1));
  }

  /** The first line start at or after {@code from} (a position just past a {@code \n}). */
  private static long lineStartFrom(FileChannel channel, long from) throws IOException {
    if (from == 0) {
      return 0;
    }
    byte[] probe = new byte[PROBE];
    long at = from - 1; // a line starts at 'from' when the byte before it ends a line
    while (true) {
      int n = channel.read(ByteBuffer.wrap(probe), at);
      if (n <= 0) {
        return channel.size();
      }
      for (int i = 0; i < n; i++) {
        if (probe[i] == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
  }

  public int count() {
    return bounds.length - 1;
  }

  public long start(int part) {
    return bounds[part];
  }

  /** The bytes of one part, read from the channel at their positions (the channel's own stays). */
  public InputStream open(int part) {
    return range(channel, bounds[part], bounds[part + 1]);
  }

  /** Bytes {@code [from, to)} of the channel, read at their positions (the channel's own stays). */
  public static InputStream range(FileChannel channel, long from, long to) {
    return new InputStream() {
      private long position = from;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = (int) Math.min(len, to - position);
        if (n <= 0) {
          return len == 0 ? 0 : -1;
        }
        int read = channel.read(ByteBuffer.wrap(b, off, n), position);
        if (read < 0) {
          return -1; // the file became shorter while it was read
        }
        position += read;
        return read;
      }
    };
  }
}
