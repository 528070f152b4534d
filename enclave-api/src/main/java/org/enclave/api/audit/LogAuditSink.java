package org.enclave.api.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditSink;
import org.enclave.audit.log.TamperEvidentLog;
import org.jboss.logging.Logger;

/**
 * Every audit event goes to the tamper-evident log first: {@link #append} returns only once the
 * entry is durable, and throws if it is not, so the action it guards fails closed. The entry is
 * then made searchable in its own transaction; if that fails, the index catches up from the log.
 */
@ApplicationScoped
public class LogAuditSink implements AuditSink {
  private static final Logger LOG = Logger.getLogger(LogAuditSink.class);

  @Inject TamperEvidentLog log;
  @Inject AuditSearchIndex index;

  @Override
  public long append(AuditEvent event) {
    long at = log.append(event);
    try {
      QuarkusTransaction.requiringNew().run(() -> index.index(at, event));
    } catch (RuntimeException e) {
      LOG.warnf("audit entry %d is logged but not yet searchable: %s", at, e.getMessage());
    }
    return at;
  }
}
