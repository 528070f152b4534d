package org.enclave.api.session;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.SameOrigin;

/**
 * The session proxy: {@code /workspaces/<id>/session/} and everything below go to that workspace's
 * Jupyter server, HTTP and WebSocket. The browser signs in with the OIDC code flow ({@code web}
 * tenant; anonymous browsers are sent to sign in before this runs); the path is read strictly
 * ({@link SessionPath}); changes and WebSockets must come from this origin; the {@link SessionGate}
 * admits the caller; then the request is forwarded with the run's Jupyter token.
 */
@ApplicationScoped
public class SessionProxy {
  /** The route this class serves. */
  public static final String ROUTE = "/workspaces/*";

  /** Every route this class serves, for the authorization matrix. */
  public static final java.util.List<String> ROUTES = java.util.List.of(ROUTE);

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  @Inject Vertx vertx;
  @Inject SessionGate gate;
  @Inject SessionConfig config;
  @Inject SessionActivity activity;

  private volatile HttpForwarder http;
  private volatile WebSocketBridge websockets;

  void routes(@Observes Router router) {
    ROUTES.forEach(route -> router.route(route).handler(this::handle));
  }

  void onStop(@Observes ShutdownEvent event) {
    if (http != null) {
      http.close();
    }
    if (websockets != null) {
      websockets.close();
    }
  }

  void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    request.pause();
    if (!config.enabled()) {
      SessionProblems.send(rc, ErrorCode.NOT_FOUND, "remote sessions are turned off");
      return;
    }
    SessionPath path;
    try {
      path = SessionPath.parse(request.path(), request.query());
    } catch (RuntimeException e) {
      SessionProblems.send(rc, e);
      return;
    }
    if (path == null) {
      rc.response()
          .setStatusCode(302)
          .putHeader("Location", request.path() + "/")
          .putHeader("Cache-Control", "no-store")
          .end();
      return;
    }
    boolean upgrade = isWebSocketUpgrade(request);
    // Jupyter skips its own origin and XSRF checks for token-authenticated requests, which every
    // proxied request is: changes and WebSockets must name this site in their Origin.
    if ((upgrade || !SAFE.contains(request.method()))
        && !SameOrigin.matches(request.getHeader("Origin"), SameOrigin.authority(request))) {
      SessionProblems.send(
          rc,
          ErrorCode.CROSS_ORIGIN_REFUSED,
          "changes and WebSockets are accepted only from pages of this site");
      return;
    }
    SecurityIdentity identity =
        rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    if (identity == null || identity.isAnonymous()) {
      SessionProblems.send(rc, ErrorCode.UNAUTHENTICATED, "sign in to open a session");
      return;
    }
    EnclavePrincipal who = CurrentPrincipal.fromIdentity(identity);
    String signIn = SignIns.keyOf(identity);
    SessionPath target = path;
    vertx
        .<Session>executeBlocking(() -> gate.admit(who, signIn, target.workspaceId()), false)
        .onFailure(e -> SessionProblems.send(rc, e))
        .onSuccess(
            session -> {
              if (session.isClosed()) {
                SessionProblems.send(rc, ErrorCode.SESSION_CLOSED, "the session has ended");
                return;
              }
              activity.touch(session.workspaceId.toString());
              if (upgrade) {
                websockets().bridge(rc, session, target);
              } else {
                http().forward(rc, session, target);
              }
            });
  }

  private static boolean isWebSocketUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private HttpForwarder http() {
    if (http == null) {
      synchronized (this) {
        if (http == null) {
          http = new HttpForwarder(vertx, activity);
        }
      }
    }
    return http;
  }

  private WebSocketBridge websockets() {
    if (websockets == null) {
      synchronized (this) {
        if (websockets == null) {
          websockets = new WebSocketBridge(vertx, activity);
        }
      }
    }
    return websockets;
  }
}
