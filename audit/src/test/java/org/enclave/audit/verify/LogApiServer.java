package org.enclave.audit.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.enclave.audit.json.CanonicalJson;

/**
 * The control plane's audit log API as the verifier expects it, served in-process from records:
 * {@code GET /api/v1/audit/log/checkpoints}, {@code .../entries?from=N&limit=M} and {@code
 * .../nodes?level=L&from=N&limit=M} (or 404 for nodes when there are none), behind a bearer token.
 */
final class LogApiServer implements AutoCloseable {

  static {
    // Without TCP_NODELAY the JDK server's header and body writes meet the client's delayed ACK
    // and every response waits about 40 ms. Read once, when the first server is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<DumpRecord.Entry> entries;
  private final List<DumpRecord.Node> nodes;
  private final List<DumpRecord.SignedCheckpoint> checkpoints;
  private final String token;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long pageCap = Long.MAX_VALUE;

  /**
   * @param nodes the stored subtree hashes, or {@code null} to answer 404
   * @param token the bearer token required, or {@code null} for none
   */
  LogApiServer(
      List<DumpRecord.Entry> entries,
      List<DumpRecord.Node> nodes,
      List<DumpRecord.SignedCheckpoint> checkpoints,
      String token)
      throws IOException {
    this.entries = new ArrayList<>(entries);
    this.entries.sort(Comparator.comparingLong(DumpRecord.Entry::index));
    this.nodes = nodes == null ? null : new ArrayList<>(nodes);
    if (this.nodes != null) {
      this.nodes.sort(
          Comparator.comparingInt(DumpRecord.Node::level)
              .thenComparingLong(DumpRecord.Node::index));
    }
    this.checkpoints = List.copyOf(checkpoints);
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/api/v1/audit/log/", this::handle);
    server.start();
  }

  /** Serves a log built in memory. */
  static LogApiServer of(TestLog log, String token) throws IOException {
    return new LogApiServer(log.entries, log.nodes, log.checkpoints, token);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
  }

  /** Answers at most {@code cap} elements per page, whatever limit is asked for. */
  LogApiServer capPagesAt(long cap) {
    pageCap = cap;
    return this;
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (token != null
          && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "{\"code\":\"unauthenticated\",\"status\":401}");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Map<String, Long> query = query(exchange.getRequestURI().getRawQuery());
      switch (path) {
        case "/api/v1/audit/log/checkpoints" -> send(exchange, 200, checkpointsJson());
        case "/api/v1/audit/log/entries" -> send(exchange, 200, entriesJson(query));
        case "/api/v1/audit/log/nodes" -> {
          if (nodes == null) {
            send(exchange, 404, "{\"code\":\"not-found\",\"status\":404}");
          } else {
            send(exchange, 200, nodesJson(query));
          }
        }
        default -> send(exchange, 404, "{\"code\":\"not-found\",\"status\":404}");
      }
    }
  }

  private String checkpointsJson() {
    List<Object> out = new ArrayList<>();
    for (DumpRecord.SignedCheckpoint c : checkpoints) {
      out.add(Map.of("size", c.size(), "note", c.note()));
    }
    return CanonicalJson.toJson(out);
  }

  private String entriesJson(Map<String, Long> query) {
    long from = query.get("from");
    long limit = Math.min(query.get("limit"), pageCap);
    StringBuilder out = new StringBuilder("[");
    int count = 0;
    for (int i = firstAtLeast(entries, DumpRecord.Entry::index, from);
        i < entries.size() && count < limit;
        i++, count++) {
      DumpRecord.Entry e = entries.get(i);
      out.append(count == 0 ? "" : ",").append("{\"index\":").append(e.index());
      out.append(",\"data\":\"").append(base64(e.data())).append('"');
      if (e.leafHash() != null) {
        out.append(",\"leafHash\":\"").append(base64(e.leafHash())).append('"');
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  private String nodesJson(Map<String, Long> query) {
    long level = query.get("level");
    long from = query.get("from");
    long limit = Math.min(query.get("limit"), pageCap);
    StringBuilder out = new StringBuilder("[");
    int count = 0;
    ToLongFunction<DumpRecord.Node> position = n -> (long) n.level() << 56 | n.index();
    for (int i = firstAtLeast(nodes, position, level << 56 | from);
        i < nodes.size() && nodes.get(i).level() == level && count < limit;
        i++, count++) {
      DumpRecord.Node n = nodes.get(i);
      out.append(count == 0 ? "" : ",").append("{\"level\":").append(n.level());
      out.append(",\"index\":").append(n.index());
      out.append(",\"hash\":\"").append(base64(n.hash())).append("\"}");
    }
    return out.append(']').toString();
  }

  /** The position of the first element whose key is {@code key} or more, in a sorted list. */
  private static <T> int firstAtLeast(List<T> sorted, ToLongFunction<T> keyOf, long key) {
    int low = 0;
    int high = sorted.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (keyOf.applyAsLong(sorted.get(mid)) < key) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static Map<String, Long> query(String raw) {
    Map<String, Long> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] nameValue = pair.split("=", 2);
        query.put(nameValue[0], Long.parseLong(nameValue[1]));
      }
    }
    return query;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
