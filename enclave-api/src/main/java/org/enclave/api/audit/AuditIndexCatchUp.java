package org.enclave.api.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.enclave.api.config.SchemaMigration;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.postgres.LogEntry;
import org.jboss.logging.Logger;

/** At startup, indexes log entries the search index lacks (after a crash between the two). */
@ApplicationScoped
public class AuditIndexCatchUp {
  private static final Logger LOG = Logger.getLogger(AuditIndexCatchUp.class);
  private static final int PAGE = 1000;

  @Inject TamperEvidentLog log;
  @Inject AuditSearchIndex index;

  void onStart(@Observes @Priority(SchemaMigration.PRIORITY + 1) StartupEvent event) {
    long from = QuarkusTransaction.requiringNew().call(index::indexedSize);
    long caught = 0;
    while (true) {
      List<LogEntry> page = log.store().entries(from, PAGE);
      if (page.isEmpty()) {
        break;
      }
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                for (LogEntry e : page) {
                  index.index(e.index(), AuditEventCodec.decodeEvent(e.data()));
                }
              });
      from += page.size();
      caught += page.size();
    }
    if (caught > 0) {
      LOG.infof("indexed %d audit log entries that the search index lacked", caught);
    }
  }
}
