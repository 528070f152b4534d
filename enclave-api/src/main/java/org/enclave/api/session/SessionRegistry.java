package org.enclave.api.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The open sessions, the sign-ins that ended, and the workspace runs whose sessions a revocation
 * ended, all in this control plane's memory.
 */
@ApplicationScoped
public class SessionRegistry {
  /** How long a sign-out is remembered: longer than any sign-in of the identity provider lasts. */
  static final Duration SIGN_OUT_MEMORY = Duration.ofHours(24);

  private final Map<String, Session> open = new ConcurrentHashMap<>();
  private final Map<String, Long> signedOut = new ConcurrentHashMap<>();
  private final Map<String, Boolean> revokedRuns = new ConcurrentHashMap<>();

  Optional<Session> find(String signIn, UUID workspaceId) {
    return Optional.ofNullable(open.get(Session.key(signIn, workspaceId)));
  }

  /** Adds a session; returns the one it replaces (another run of the workspace), if any. */
  Optional<Session> put(Session session) {
    return Optional.ofNullable(open.put(session.key(), session));
  }

  /** Ends every open session that matches; returns them. */
  List<Session> closeWhere(Predicate<Session> which) {
    List<Session> closed = new ArrayList<>();
    for (Session s : List.copyOf(open.values())) {
      if (which.test(s) && open.remove(s.key(), s)) {
        s.close();
        closed.add(s);
      }
    }
    return closed;
  }

  /** Remembers that a sign-in ended: its cookie no longer opens sessions. */
  void signOut(String signIn) {
    long now = System.currentTimeMillis();
    signedOut.values().removeIf(at -> now - at > SIGN_OUT_MEMORY.toMillis());
    signedOut.put(signIn, now);
  }

  boolean isSignedOut(String signIn) {
    return signedOut.containsKey(signIn);
  }

  /** Remembers that a revocation ended the sessions of a run: it opens no more sessions. */
  void revokeRun(String workspaceId, String run) {
    revokedRuns.put(workspaceId + "\n" + run, Boolean.TRUE);
  }

  boolean isRevoked(String workspaceId, String run) {
    return revokedRuns.containsKey(workspaceId + "\n" + run);
  }

  /** The open sessions, for tests and metrics. */
  public List<String> openWorkspaces() {
    return open.values().stream().map(s -> s.workspaceId.toString()).toList();
  }

  /** How many WebSockets are open through sessions of the workspace. */
  public int openSockets(UUID workspaceId) {
    return open.values().stream()
        .filter(s -> s.workspaceId.equals(workspaceId))
        .mapToInt(Session::openSockets)
        .sum();
  }
}
