package org.enclave.api.session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.enclave.api.audit.AuditActions;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.jboss.logging.Logger;

/** Records sessions opening and closing in the audit log. */
@ApplicationScoped
public class SessionAudit {
  private static final Logger LOG = Logger.getLogger(SessionAudit.class);

  @Inject AuditRecorder audit;

  /** In the caller's transaction; throws (fail closed) if the log cannot take it. */
  void opened(Session s) {
    audit.allowed(s.who, AuditActions.SESSION_OPENED, target(s), "run " + s.run);
  }

  /** In a transaction of its own; a failure is logged, the session is closed regardless. */
  void closed(Session s, String reason) {
    try {
      QuarkusTransaction.requiringNew()
          .run(() -> audit.allowed(s.who, AuditActions.SESSION_CLOSED, target(s), reason));
    } catch (RuntimeException e) {
      LOG.errorf(
          "session of %s on workspace %s closed (%s) but not recorded: %s",
          s.who.username(), s.workspaceId, reason, e.toString());
    }
  }

  private static Target target(Session s) {
    return Target.of("workspace", s.workspaceId).team(s.teamId).workspace(s.workspaceId.toString());
  }
}
