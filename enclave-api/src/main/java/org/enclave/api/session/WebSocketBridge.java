package org.enclave.api.session;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.enclave.api.error.ErrorCode;
import org.jboss.logging.Logger;

/**
 * Joins a browser's WebSocket (a kernel's channels) to the same path on its own workspace's Jupyter
 * socket, frame by frame with back-pressure. Jupyter is connected first: a kernel that is not this
 * workspace's is refused before the browser's upgrade is accepted. Text frames towards the browser
 * lose any occurrence of the token.
 */
final class WebSocketBridge {
  private static final Logger LOG = Logger.getLogger(WebSocketBridge.class);

  private final Vertx vertx;
  private final NetClient client;
  private final SessionActivity activity;

  WebSocketBridge(Vertx vertx, SessionActivity activity) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    this.activity = activity;
  }

  void bridge(RoutingContext rc, Session session, SessionPath path) {
    UpstreamWebSocket.connect(vertx, client, session.upstream, path.upstream(), session.token)
        .onFailure(
            e -> {
              if (e instanceof UpstreamWebSocket.Rejected r && r.status == 404) {
                SessionProblems.send(
                    rc, ErrorCode.NOT_FOUND, "no such kernel or channel in this workspace");
              } else if (e instanceof UpstreamWebSocket.Rejected) {
                SessionProblems.send(
                    rc, ErrorCode.FORBIDDEN, "the workspace's notebook server refused the channel");
              } else {
                LOG.warnf(
                    "workspace %s: its notebook server's WebSocket did not open: %s",
                    session.workspaceId, e.toString());
                SessionProblems.send(
                    rc,
                    ErrorCode.SESSION_UNAVAILABLE,
                    "the workspace's notebook server did not answer");
              }
            })
        .onSuccess(
            jupyter ->
                rc.request()
                    .toWebSocket()
                    .onFailure(e -> jupyter.close((short) 1011, "browser upgrade failed"))
                    .onSuccess(browser -> join(session, browser, jupyter)));
  }

  private void join(Session session, ServerWebSocket browser, UpstreamWebSocket jupyter) {
    String workspace = session.workspaceId.toString();
    session.attach(browser);
    browser.frameHandler(
        f -> {
          activity.touch(workspace);
          int opcode =
              f.isText()
                  ? UpstreamWebSocket.TEXT
                  : f.isBinary()
                      ? UpstreamWebSocket.BINARY
                      : f.isContinuation() ? UpstreamWebSocket.CONTINUATION : -1;
          if (opcode < 0) {
            return;
          }
          jupyter.write(opcode, f.isFinal(), f.binaryData());
          if (jupyter.socket.writeQueueFull()) {
            browser.pause();
            jupyter.socket.drainHandler(v -> browser.resume());
          }
        });
    jupyter.frameHandler(
        f -> {
          switch (f.opcode()) {
            case UpstreamWebSocket.TEXT,
                UpstreamWebSocket.BINARY,
                UpstreamWebSocket.CONTINUATION -> {
              if (browser.isClosed()) {
                return;
              }
              browser.writeFrame(toBrowser(f, session.token));
              if (browser.writeQueueFull()) {
                jupyter.socket.pause();
                browser.drainHandler(v -> jupyter.socket.resume());
              }
            }
            case UpstreamWebSocket.PING -> jupyter.write(UpstreamWebSocket.PONG, true, f.payload());
            case UpstreamWebSocket.CLOSE -> {
              jupyter.close((short) 1000, "");
              if (!browser.isClosed()) {
                browser.close();
              }
            }
            default -> {}
          }
        });
    browser.closeHandler(v -> jupyter.close((short) 1000, "browser closed"));
    jupyter.socket.closeHandler(
        v -> {
          if (!browser.isClosed()) {
            browser.close();
          }
        });
    browser.exceptionHandler(e -> jupyter.close((short) 1011, "browser failed"));
    jupyter.socket.exceptionHandler(e -> browser.close());
  }

  private static WebSocketFrame toBrowser(UpstreamWebSocket.Frame f, String token) {
    return switch (f.opcode()) {
      case UpstreamWebSocket.TEXT -> {
        String text = f.payload().toString(StandardCharsets.UTF_8);
        yield WebSocketFrame.textFrame(f.fin() ? TokenScrubber.scrub(text, token) : text, f.fin());
      }
      case UpstreamWebSocket.BINARY -> WebSocketFrame.binaryFrame(f.payload(), f.fin());
      default -> WebSocketFrame.continuationFrame(f.payload(), f.fin());
    };
  }

  void close() {
    client.close();
  }
}
