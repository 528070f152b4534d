package org.enclave.api.audit;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.enclave.api.config.SchemaMigration;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.postgres.LogEntry;
import org.jboss.logging.Logger;

/**
 * Indexes log entries the search index lacks: at startup (after a crash between append and index,
 * or after the index was recreated), and before a report or export that must cover an exact prefix
 * of the log.
 */
@ApplicationScoped
public class AuditIndexCatchUp {
  private static final Logger LOG = Logger.getLogger(AuditIndexCatchUp.class);
  private static final int PAGE = 1000;

  /** How long to let queued rows land before indexing from the log instead. */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);

  @Inject TamperEvidentLog log;
  @Inject AuditSearchIndex index;
  @Inject AuditIndexWriter writer;

  /** Every log entry below this index is known to have its index row (rows are never removed). */
  private final AtomicLong covered = new AtomicLong();

  void onStart(@Observes @Priority(SchemaMigration.PRIORITY + 1) StartupEvent event) {
    long from = index.indexedSize();
    long caught = 0;
    while (true) {
      List<LogEntry> page = log.store().entries(from, PAGE);
      if (page.isEmpty()) {
        break;
      }
      indexAll(page);
      from += page.size();
      caught += page.size();
    }
    caught += coverPrefix(log.store().size());
    if (caught > 0) {
      LOG.infof("indexed %d audit log entries that the search index lacked", caught);
    }
  }

  /**
   * Makes sure that every one of the first {@code size} log entries has its index row, so that a
   * query bounded by {@code log_index < size} sees exactly that prefix of the log. Called outside
   * any transaction (the log store has connections of its own).
   *
   * @return the number of entries indexed now
   */
  public long coverPrefix(long size) {
    long from = covered.get();
    if (size <= from) {
      return 0;
    }
    writer.flush(FLUSH_WAIT);
    long caught = 0;
    while (true) {
      List<Long> missing = index.missing(from, size, PAGE);
      List<LogEntry> entries = new ArrayList<>(missing.size());
      for (int i = 0; i < missing.size(); ) {
        int run = 1; // read consecutive missing entries in one go
        while (i + run < missing.size() && missing.get(i + run) == missing.get(i) + run) {
          run++;
        }
        entries.addAll(log.store().entries(missing.get(i), run));
        i += run;
      }
      indexAll(entries);
      caught += entries.size();
      if (missing.isEmpty()) {
        covered.accumulateAndGet(size, Math::max);
        return caught;
      }
      if (entries.isEmpty()) {
        return caught; // rows the log does not have (yet): leave the watermark where it was
      }
    }
  }

  /**
   * Makes sure that every entry in the log now has its index row, and returns the log's size then:
   * a query bounded by {@code log_index < size} sees every entry appended before this call.
   */
  public long coverCurrent() {
    long size = log.store().size();
    coverPrefix(size);
    return size;
  }

  private void indexAll(List<LogEntry> entries) {
    index.index(
        entries.stream()
            .map(e -> new AuditSearchIndex.Row(e.index(), AuditEventCodec.decodeEvent(e.data())))
            .toList());
  }
}
