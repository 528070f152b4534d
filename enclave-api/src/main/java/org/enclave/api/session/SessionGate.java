package org.enclave.api.session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.persistence.WorkspaceEntity;
import org.enclave.api.workspace.persistence.WorkspaceRepository;
import org.enclave.api.workspace.service.WorkspaceHost;

/**
 * Decides whether a request may pass to a workspace's Jupyter server: the caller's sign-in has not
 * ended, they are a researcher in the workspace's team, the workspace runs, and no revocation ended
 * this run's sessions. The first admitted request opens (and audits) a session; later ones reuse it
 * and are checked against the database again every {@code enclave.sessions.recheck-interval}.
 * Blocking: call it off the event loop.
 */
@ApplicationScoped
public class SessionGate {
  @Inject SessionRegistry registry;
  @Inject SessionAudit audit;
  @Inject SessionTokens tokens;
  @Inject SessionConfig config;
  @Inject WorkspaceRepository workspaces;
  @Inject WorkspaceHost host;
  @Inject Authorizer authorizer;

  Session admit(EnclavePrincipal who, String signIn, UUID workspaceId) {
    if (registry.isSignedOut(signIn)) {
      throw new EnclaveException(
          ErrorCode.SESSION_CLOSED, "you signed out; sign in again to open the session");
    }
    Optional<Session> known = registry.find(signIn, workspaceId);
    if (known.isPresent()
        && !known.get().isClosed()
        && known.get().checkedWithin(config.recheckInterval().toNanos())) {
      return known.get();
    }
    return QuarkusTransaction.requiringNew().call(() -> check(who, signIn, workspaceId, known));
  }

  private Session check(
      EnclavePrincipal who, String signIn, UUID workspaceId, Optional<Session> known) {
    WorkspaceEntity w =
        workspaces
            .findByIdOptional(workspaceId)
            .orElseThrow(() -> EnclaveException.notFound("workspace", workspaceId));
    authorizer.authorize(who, Operation.SESSION_OPEN, Resource.workspace(w.id, w.teamId));
    if (w.state != WorkspaceState.RUNNING || w.accessKeyId == null) {
      throw new EnclaveException(
          ErrorCode.INVALID_WORKSPACE_STATE,
          "workspace " + w.id + " is " + w.state + "; start it to open its session");
    }
    String key = w.key();
    if (registry.isRevoked(key, w.accessKeyId)) {
      throw new EnclaveException(
          ErrorCode.SESSION_CLOSED,
          "a grant of the team was revoked while this workspace ran, which ended its sessions;"
              + " stop and start the workspace to open a new one");
    }
    if (known.isPresent() && !known.get().isClosed() && known.get().run.equals(w.accessKeyId)) {
      known.get().checked();
      return known.get();
    }
    SocketAddress upstream =
        SessionUpstream.of(host.provider(), key)
            .orElseThrow(
                () ->
                    new EnclaveException(
                        ErrorCode.SESSION_UNAVAILABLE,
                        "workspace " + w.id + " has no notebook server to open a session on"));
    Session s =
        new Session(
            signIn,
            who,
            w.id,
            w.teamId,
            w.accessKeyId,
            upstream,
            tokens.tokenOf(key, w.accessKeyId));
    audit.opened(s);
    registry.put(s).filter(old -> old != s).ifPresent(Session::close);
    return s;
  }
}
