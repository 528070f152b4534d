package org.enclave.audit.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.enclave.audit.AuditException;

/**
 * Group commit: any number of threads submit items; one writer thread takes whatever is waiting (up
 * to a batch limit) and hands it to a {@link BatchWriter} as one durable write. A caller's {@link
 * #append} returns only once its item is durable, and throws if the batch failed, so that a caller
 * who must log before acting fails closed. Throughput grows with concurrency because one commit
 * (one fsync) serves a whole batch.
 *
 * @param <T> what callers submit
 * @param <R> what each caller gets back
 */
public final class GroupCommitter<T, R> implements AutoCloseable {
  private final BatchWriter<T, R> writer;
  private final int maxBatch;
  private final BlockingQueue<Pending<T, R>> queue;
  private final Thread thread;
  private volatile boolean closing;

  private record Pending<T, R>(T item, CompletableFuture<R> done) {}

  /**
   * @param name name of the writer thread
   * @param maxBatch most items written in one batch
   * @param queueCapacity most items waiting; submitters block when it is full (back pressure)
   */
  public GroupCommitter(String name, BatchWriter<T, R> writer, int maxBatch, int queueCapacity) {
    if (maxBatch < 1 || queueCapacity < maxBatch) {
      throw new IllegalArgumentException("need 1 <= maxBatch <= queueCapacity");
    }
    this.writer = Objects.requireNonNull(writer, "writer");
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Submits an item and waits until it is durable. */
  public R append(T item) {
    CompletableFuture<R> done = submit(item);
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while waiting for the audit log", e);
    } catch (ExecutionException e) {
      throw new AuditException("audit log write failed", e.getCause());
    }
  }

  /** Submits an item; the future completes when it is durable, or fails with the batch. */
  public CompletableFuture<R> submit(T item) {
    Objects.requireNonNull(item, "item");
    if (closing) {
      throw new AuditException("audit log is closed", null);
    }
    CompletableFuture<R> done = new CompletableFuture<>();
    try {
      queue.put(new Pending<>(item, done));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while submitting to the audit log", e);
    }
    return done;
  }

  private void run() {
    List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        if (closing) {
          queue.drainTo(batch);
          writeBatch(batch);
          return;
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void writeBatch(List<Pending<T, R>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T, R> p : batch) {
      items.add(p.item());
    }
    List<R> results;
    try {
      results = writer.write(items);
      if (results == null || results.size() != items.size()) {
        throw new IllegalStateException(
            "batch writer returned "
                + (results == null ? "null" : results.size())
                + " results for "
                + items.size()
                + " items");
      }
    } catch (Throwable t) {
      for (Pending<T, R> p : batch) {
        p.done().completeExceptionally(t);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done().complete(results.get(i));
    }
  }

  /** Stops taking new items, writes everything already submitted, then stops the writer. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending<T, R> left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new TimeoutException("audit log closed before write"));
    }
  }
}
