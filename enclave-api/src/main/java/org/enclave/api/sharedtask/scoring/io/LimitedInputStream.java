package org.enclave.api.sharedtask.scoring.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Ends the stream once more than {@code max} bytes were read, and remembers that it did. */
public final class LimitedInputStream extends FilterInputStream {

  private final long max;
  private long read;
  private boolean exceeded;

  public LimitedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  /** True once the stream had more than {@code max} bytes. */
  public boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (read > max) {
      exceeded = true;
      return -1;
    }
    int n = super.read(b, off, (int) Math.min(len, max + 1 - read));
    if (n > 0) {
      read += n;
      if (read > max) {
        exceeded = true;
        return -1;
      }
    }
    return n;
  }
}
