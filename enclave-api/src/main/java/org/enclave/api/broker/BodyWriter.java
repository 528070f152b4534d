package org.enclave.api.broker;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams an object body from a blocking {@link InputStream} into a Vert.x response, one chunk at a
 * time, waiting while the connection's write queue is full: at most a few chunks of an object are
 * ever in memory, whatever its size. A client that stops reading for longer than the stall timeout
 * or goes away ends the stream.
 */
final class BodyWriter {
  static final int CHUNK = 256 * 1024;
  static final int QUEUE = 4 * CHUNK;

  private final HttpServerResponse response;
  private final Duration stallTimeout;
  private final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
  private volatile boolean closed;

  BodyWriter(HttpServerResponse response, Duration stallTimeout) {
    this.response = response;
    this.stallTimeout = stallTimeout;
    response.setWriteQueueMaxSize(QUEUE);
    response.closeHandler(v -> fail());
    response.exceptionHandler(t -> fail());
    response.drainHandler(
        v -> {
          CompletableFuture<Void> w = waiting.getAndSet(null);
          if (w != null) {
            w.complete(null);
          }
        });
  }

  /**
   * Copies exactly {@code length} bytes and ends the response.
   *
   * @throws IOException if the object ends early, cannot be read, or the client is gone or stalled;
   *     the connection is then reset so that the client sees a truncated body, never a short one
   *     that looks complete
   */
  void copy(InputStream in, long length) throws IOException {
    long left = length;
    try {
      while (left > 0) {
        int want = (int) Math.min(CHUNK, left);
        byte[] chunk = new byte[want];
        int n = in.readNBytes(chunk, 0, want);
        if (n < want) {
          throw new IOException("object ended " + (left - n) + " bytes early");
        }
        awaitWritable();
        response.write(Buffer.buffer(chunk));
        left -= n;
      }
      awaitWritable();
      response.end();
    } catch (IOException e) {
      response.reset();
      throw e;
    }
  }

  private void awaitWritable() throws IOException {
    while (true) {
      if (closed) {
        throw new IOException("client went away");
      }
      if (!response.writeQueueFull()) {
        return;
      }
      CompletableFuture<Void> w = new CompletableFuture<>();
      waiting.set(w);
      if (!response.writeQueueFull() || closed) {
        waiting.compareAndSet(w, null);
        continue;
      }
      try {
        w.get(stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IOException("client stopped reading for " + stallTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      } catch (ExecutionException e) {
        throw new IOException("client went away");
      }
    }
  }

  private void fail() {
    closed = true;
    CompletableFuture<Void> w = waiting.getAndSet(null);
    if (w != null) {
      w.completeExceptionally(new IOException("closed"));
    }
  }
}
