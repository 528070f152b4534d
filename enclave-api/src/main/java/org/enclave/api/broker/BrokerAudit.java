package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.AuditSink;
import org.jboss.logging.Logger;

/**
 * Audit records of broker requests. {@link #allowed} returns only once the record is durable and
 * throws otherwise, so that nothing is served unrecorded; {@link #denied} never throws, because the
 * request is refused whatever happens to its record.
 */
@ApplicationScoped
public class BrokerAudit {
  private static final Logger LOG = Logger.getLogger(BrokerAudit.class);
  static final String RESOURCE_TYPE = "dataset-object";
  private static final int MAX_RESOURCE_ID = 200;

  @Inject AuditSink sink;

  /** One broker request, as far as it was understood when it was decided. */
  public record Entry(
      Instant time,
      WorkspaceIdentity workspace,
      boolean authenticated,
      String action,
      String bucket,
      String key,
      BucketAccess access,
      Long rangeFirst,
      Long rangeLast,
      Long bytesServed,
      String requestId) {}

  /** Appends an allowed request durably; throws if the log cannot take it (fail closed). */
  public void allowed(Entry e, String reason) {
    sink.append(event(e, AuditOutcome.ALLOW, reason));
  }

  /** Appends a refusal; a failure to record it is logged, the refusal stands either way. */
  public void denied(Entry e, String reason) {
    try {
      sink.append(event(e, AuditOutcome.DENY, reason));
    } catch (RuntimeException ex) {
      LOG.warnf(
          "broker refusal %s could not be audited: %s", e.requestId(), ex.getClass().getName());
    }
  }

  /** The search index keeps 200 characters of a resource id; the full key is in objectKey. */
  private static String clip(String s) {
    return s == null || s.length() <= MAX_RESOURCE_ID
        ? s
        : s.substring(0, MAX_RESOURCE_ID - 3) + "...";
  }

  static AuditEvent event(Entry e, AuditOutcome outcome, String reason) {
    WorkspaceIdentity ws = e.workspace();
    String resource =
        e.bucket() == null ? null : e.key() == null ? e.bucket() : e.bucket() + "/" + e.key();
    BucketAccess a = e.access();
    return new AuditEvent(
        e.time(),
        e.authenticated() ? ws.owner() : EnclavePrincipal.ANONYMOUS,
        null,
        List.of(),
        e.action(),
        outcome,
        reason,
        RESOURCE_TYPE,
        clip(resource),
        ws.teamId().toString(),
        a == null ? null : a.datasetId().toString(),
        a == null ? null : a.versionId().toString(),
        e.key(),
        e.rangeFirst(),
        e.rangeLast(),
        e.bytesServed(),
        ws.workspaceId(),
        e.requestId());
  }
}
