package org.enclave.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditSink;
import org.enclave.audit.log.TamperEvidentLog;

/**
 * Every audit event goes to the tamper-evident log first: {@link #append} returns only once the
 * entry is durable, and throws if it is not, so the action it guards fails closed. The entry is
 * then made searchable in the background ({@link AuditIndexWriter}); searches, reports and exports
 * first index whatever the log holds that the index lacks, so none of them misses it.
 */
@ApplicationScoped
public class LogAuditSink implements AuditSink {
  @Inject TamperEvidentLog log;
  @Inject AuditIndexWriter index;

  @Override
  public long append(AuditEvent event) {
    long at = log.append(event);
    index.submit(at, event);
    return at;
  }
}
