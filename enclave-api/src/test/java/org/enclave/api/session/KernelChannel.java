package org.enclave.api.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.enclave.api.support.CodeFlowBrowser;

/**
 * A Jupyter kernel's channels over the session proxy's WebSocket, speaking the Jupyter messaging
 * protocol (v5) as notebook 6's own page does: JSON messages with a {@code channel} field.
 */
final class KernelChannel implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final String session = UUID.randomUUID().toString();
  private WebSocket socket;

  static KernelChannel open(CodeFlowBrowser browser, String workspaceId, String kernelId)
      throws Exception {
    KernelChannel k = new KernelChannel();
    k.socket =
        browser
            .webSocket(
                "/workspaces/" + workspaceId + "/session/api/kernels/" + kernelId + "/channels",
                browser.origin(),
                k)
            .get(60, TimeUnit.SECONDS);
    return k;
  }

  /** The result of running {@code code}: what it printed, its reply status, its error if any. */
  record Execution(String stdout, String stderr, String status, String error) {}

  Execution execute(String code) throws Exception {
    String msgId = UUID.randomUUID().toString();
    ObjectNode m = JSON.createObjectNode();
    m.putObject("header")
        .put("msg_id", msgId)
        .put("username", "test")
        .put("session", session)
        .put("msg_type", "execute_request")
        .put("version", "5.3")
        .put("date", Instant.now().toString());
    m.putObject("parent_header");
    m.putObject("metadata");
    m.putObject("content")
        .put("code", code)
        .put("silent", false)
        .put("store_history", true)
        .put("allow_stdin", false)
        .put("stop_on_error", true)
        .putObject("user_expressions");
    m.put("channel", "shell");
    m.putArray("buffers");
    socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);

    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    String status = null;
    String error = null;
    boolean idle = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while ((status == null || !idle) && System.nanoTime() < deadline) {
      JsonNode r = messages.poll(1, TimeUnit.SECONDS);
      if (r == null || !msgId.equals(r.path("parent_header").path("msg_id").asText())) {
        continue;
      }
      String type = r.path("header").path("msg_type").asText();
      JsonNode content = r.path("content");
      switch (type) {
        case "stream" ->
            ("stderr".equals(content.path("name").asText()) ? err : out)
                .append(content.path("text").asText());
        case "execute_result" -> out.append(content.path("data").path("text/plain").asText());
        case "error" ->
            error = content.path("ename").asText() + ": " + content.path("evalue").asText();
        case "execute_reply" -> status = content.path("status").asText();
        case "status" -> idle = "idle".equals(content.path("execution_state").asText());
        default -> {}
      }
    }
    if (status == null) {
      throw new AssertionError("no execute_reply within two minutes; stderr: " + err);
    }
    return new Execution(out.toString(), err.toString(), status, error);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(JSON.readTree(partial.toString()));
      } catch (Exception e) {
        // not a message of the protocol: ignored
      }
      partial.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closed.complete(-1);
  }

  List<JsonNode> drained() {
    List<JsonNode> all = new java.util.ArrayList<>();
    messages.drainTo(all);
    return all;
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
