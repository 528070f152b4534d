package org.enclave.api.session;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.enclave.api.security.EnclavePrincipal;

/**
 * One signed-in member's session on one run of a workspace: opened by the first request the gate
 * admits, closed at sign-out, at the workspace's stop, or when a grant of its team is revoked.
 * Holds the Jupyter token and the checked socket of the run, and the WebSockets open through it.
 */
final class Session {
  final String signIn;
  final EnclavePrincipal who;
  final UUID workspaceId;
  final UUID teamId;
  final String run;

  /** Where the workspace's Jupyter server answers: its Unix socket, or its address in the VPC. */
  final SocketAddress upstream;

  final String token;
  private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile long checkedAtNanos;
  private volatile boolean closed;

  Session(
      String signIn,
      EnclavePrincipal who,
      UUID workspaceId,
      UUID teamId,
      String run,
      SocketAddress upstream,
      String token) {
    this.signIn = signIn;
    this.who = who;
    this.workspaceId = workspaceId;
    this.teamId = teamId;
    this.run = run;
    this.upstream = upstream;
    this.token = token;
    this.checkedAtNanos = System.nanoTime();
  }

  String key() {
    return key(signIn, workspaceId);
  }

  static String key(String signIn, UUID workspaceId) {
    return signIn + "\n" + workspaceId;
  }

  boolean isClosed() {
    return closed;
  }

  boolean checkedWithin(long nanos) {
    return System.nanoTime() - checkedAtNanos < nanos;
  }

  void checked() {
    checkedAtNanos = System.nanoTime();
  }

  /** Tracks a WebSocket; refuses (closes) it if the session has ended meanwhile. */
  void attach(ServerWebSocket socket) {
    sockets.add(socket);
    socket.closeHandler(v -> sockets.remove(socket));
    if (closed) {
      closeSocket(socket);
    }
  }

  int openSockets() {
    return sockets.size();
  }

  /** Ends the session: no request passes any more, and every WebSocket is closed. */
  void close() {
    closed = true;
    for (ServerWebSocket s : List.copyOf(sockets)) {
      closeSocket(s);
    }
  }

  private static void closeSocket(ServerWebSocket socket) {
    if (!socket.isClosed()) {
      // 1008: policy violation, the closest standard code for "your session was ended".
      socket.close((short) 1008, "session ended");
    }
  }
}
