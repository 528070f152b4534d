package org.enclave.api.audit;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.enclave.audit.AuditEvent;
import org.jboss.logging.Logger;

/**
 * Makes logged entries searchable off the request's path: {@link #submit} queues the row and
 * returns, one thread writes queued rows in batches. The entry is already durable in the log when
 * it is submitted, so a row that is dropped (queue full, database error, crash) is only late: the
 * next search, report or export indexes it from the log first ({@link AuditIndexCatchUp}).
 */
@ApplicationScoped
public class AuditIndexWriter {
  private static final Logger LOG = Logger.getLogger(AuditIndexWriter.class);
  private static final int CAPACITY = 65_536;
  private static final int BATCH = 1_000;

  @Inject AuditSearchIndex index;

  private final BlockingQueue<AuditSearchIndex.Row> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Object progress = new Object();
  private long submitted;
  private long done;
  private Thread thread;
  private volatile boolean closed;
  private volatile boolean warnedFull;

  /** Queues the entry at {@code logIndex} for indexing; never blocks, never throws. */
  public void submit(long logIndex, AuditEvent event) {
    synchronized (progress) {
      if (closed || !queue.offer(new AuditSearchIndex.Row(logIndex, event))) {
        if (!warnedFull) {
          warnedFull = true;
          LOG.warnf("audit entry %d is logged; it is indexed at the next search", logIndex);
        }
        return;
      }
      submitted++;
      ensureRunning();
    }
  }

  /**
   * Waits until every row submitted before this call is written or has failed, at most {@code
   * timeout}.
   *
   * @return false if the time ran out first
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      long target = submitted;
      while (done < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    flush(Duration.ofSeconds(5));
    closed = true;
    Thread t;
    synchronized (progress) {
      t = thread;
    }
    if (t != null) {
      t.interrupt();
    }
  }

  private void ensureRunning() {
    if (thread == null) {
      thread = new Thread(this::run, "audit-index-writer");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void run() {
    List<AuditSearchIndex.Row> batch = new ArrayList<>(BATCH);
    while (!closed) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, BATCH - 1);
      try {
        index.index(batch);
        warnedFull = false;
      } catch (RuntimeException e) {
        LOG.warnf(
            "%d audit entries from index %d are logged but not yet searchable: %s",
            batch.size(), batch.get(0).logIndex(), e.getMessage());
      }
      synchronized (progress) {
        done += batch.size();
        progress.notifyAll();
      }
      batch.clear();
    }
  }
}
