package org.enclave.api.session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.oidc.SecurityEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.enclave.api.governance.service.GrantRevoked;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.persistence.WorkspaceRepository;
import org.enclave.api.workspace.service.WorkspaceRunEnded;
import org.jboss.logging.Logger;

/**
 * Ends sessions when their reason to exist ends: the member signs out, the workspace stops, or a
 * steward revokes a grant of the team (then the running workspaces of the team open no new session
 * until they are started again: their kernels may hold the revoked data).
 */
@ApplicationScoped
public class SessionEvents {
  private static final Logger LOG = Logger.getLogger(SessionEvents.class);
  private static final Set<SecurityEvent.Type> SIGN_OUTS =
      Set.of(
          SecurityEvent.Type.OIDC_LOGOUT_RP_INITIATED,
          SecurityEvent.Type.OIDC_LOGOUT_RP_INITIATED_SESSION_EXPIRED,
          SecurityEvent.Type.OIDC_BACKCHANNEL_LOGOUT_COMPLETED,
          SecurityEvent.Type.OIDC_FRONTCHANNEL_LOGOUT_COMPLETED);

  @Inject SessionRegistry registry;
  @Inject SessionAudit audit;
  @Inject WorkspaceRepository workspaces;

  /** On the event loop: the sign-in is refused from now on; the records follow on a worker. */
  void onSecurityEvent(@Observes SecurityEvent event) {
    if (!SIGN_OUTS.contains(event.getEventType()) || event.getSecurityIdentity() == null) {
      return;
    }
    String signIn = SignIns.keyOf(event.getSecurityIdentity());
    registry.signOut(signIn);
    List<Session> closed = registry.closeWhere(s -> s.signIn.equals(signIn));
    if (!closed.isEmpty()) {
      Infrastructure.getDefaultWorkerPool()
          .execute(() -> closed.forEach(s -> audit.closed(s, "signed out")));
    }
  }

  void onRunEnded(@Observes WorkspaceRunEnded event) {
    for (Session s : registry.closeWhere(s -> s.workspaceId.equals(event.workspaceId()))) {
      audit.closed(s, event.reason());
    }
  }

  void onGrantRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) GrantRevoked event) {
    try {
      List<WorkspaceEntity> running =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      workspaces.search(List.of(event.teamId()), WorkspaceState.RUNNING).stream()
                          .filter(w -> w.accessKeyId != null)
                          .toList());
      running.forEach(w -> registry.revokeRun(w.key(), w.accessKeyId));
    } catch (RuntimeException e) {
      LOG.errorf("could not list the running workspaces of team %s: %s", event.teamId(), e);
    }
    String reason = "grant " + event.grantId() + " of the team revoked by " + event.revokedBy();
    for (Session s : registry.closeWhere(s -> s.teamId.equals(event.teamId()))) {
      registry.revokeRun(s.workspaceId.toString(), s.run);
      audit.closed(s, reason);
    }
  }
}
