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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.postgres.LogEntry;
import org.enclave.audit.postgres.PostgresLogStore;

/**
 * The control plane's audit log API ({@code AuditLogResource}), served in-process from records
 * behind a bearer token, with the same paths, parameters and JSON: {@code GET
 * /api/v1/audit/log/checkpoints}, {@code .../entries?from=N&limit=M} and {@code
 * .../nodes?level=L&from=N&limit=M} (or 404 for nodes when there are none); and, when serving a
 * {@link TamperEvidentLog} ({@link #of(TamperEvidentLog, String)}), also {@code .../verifier-key}
 * and {@code .../checkpoint} (text), {@code .../entries/{index}} and {@code
 * .../proofs/inclusion?index=I&size=S}. Failures are {@code application/problem+json} with the
 * control plane's status and stable code. {@link #rewrite} lets a test tamper with a response.
 */
final class LogApiServer implements AutoCloseable {

  static {
    // Without TCP_NODELAY the JDK server's header and body writes meet the client's delayed ACK
    // and every response waits about 40 ms. Read once, when the first server is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final String PREFIX = "/api/v1/audit/log/";
  private static final int PAGE = 10_000;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<DumpRecord.Entry> entries;
  private final List<DumpRecord.Node> nodes;
  private final List<DumpRecord.SignedCheckpoint> checkpoints;
  private final String token;
  private final String verifierKey;
  private final InclusionProofs proofs;
  private final Map<String, UnaryOperator<String>> rewrites = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long pageCap = Long.MAX_VALUE;

  /** The RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  interface InclusionProofs {
    List<byte[]> of(long index, long size);
  }

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
    this(entries, nodes, checkpoints, token, null, null);
  }

  /**
   * @param verifierKey the key {@code verifier-key} answers, or {@code null} to answer 404
   * @param proofs the inclusion proofs, or {@code null} to answer 404
   */
  private LogApiServer(
      List<DumpRecord.Entry> entries,
      List<DumpRecord.Node> nodes,
      List<DumpRecord.SignedCheckpoint> checkpoints,
      String token,
      String verifierKey,
      InclusionProofs proofs)
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
    this.verifierKey = verifierKey;
    this.proofs = proofs;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/api/v1/audit/log/", this::handle);
    server.start();
  }

  /** Serves a log built in memory. */
  static LogApiServer of(TestLog log, String token) throws IOException {
    return new LogApiServer(log.entries, log.nodes, log.checkpoints, token);
  }

  /**
   * Serves a log in PostgreSQL as the control plane does: its records as they are now (entries
   * appended later are not served), proofs computed by its store.
   */
  static LogApiServer of(TamperEvidentLog log, String token) throws IOException {
    PostgresLogStore store = log.store();
    List<DumpRecord.Entry> entries = new ArrayList<>();
    for (List<LogEntry> page = store.entries(0, PAGE);
        !page.isEmpty();
        page = store.entries(page.get(page.size() - 1).index() + 1, PAGE)) {
      page.forEach(e -> entries.add(new DumpRecord.Entry(e.index(), e.data(), e.leafHash())));
    }
    List<DumpRecord.Node> nodes = new ArrayList<>();
    for (int level = 1; level < 63 && 1L << level <= entries.size(); level++) {
      for (List<PostgresLogStore.StoredNode> page = store.nodes(level, 0, PAGE);
          !page.isEmpty();
          page = store.nodes(level, page.get(page.size() - 1).index() + 1, PAGE)) {
        page.forEach(n -> nodes.add(new DumpRecord.Node(n.level(), n.index(), n.hash())));
      }
    }
    // As the API's default "after=0": a checkpoint of the empty log is not listed.
    List<DumpRecord.SignedCheckpoint> checkpoints =
        store.checkpoints(0, Integer.MAX_VALUE).stream()
            .map(c -> new DumpRecord.SignedCheckpoint(c.treeSize(), c.note()))
            .toList();
    return new LogApiServer(
        entries, nodes, checkpoints, token, log.verifierKey(), store::inclusionProof);
  }

  /**
   * From now on answers {@code GET} of {@code path} (such as {@code
   * /api/v1/audit/log/proofs/inclusion}) with what {@code body} makes of the true answer, if that
   * is a success.
   */
  LogApiServer rewrite(String path, UnaryOperator<String> body) {
    rewrites.put(path, body);
    return this;
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
        send(
            exchange,
            Response.problem(401, "unauthenticated", "Authentication required", "sign in"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Map<String, Long> query = query(exchange.getRequestURI().getRawQuery());
      Response response = respond(path.substring(PREFIX.length()), query);
      UnaryOperator<String> rewrite = rewrites.get(path);
      if (rewrite != null && response.status() == 200) {
        response = new Response(200, response.type(), rewrite.apply(response.body()));
      }
      send(exchange, response);
    }
  }

  /** An answer: status, content type and body. */
  private record Response(int status, String type, String body) {
    static Response json(String body) {
      return new Response(200, "application/json", body);
    }

    static Response text(String body) {
      return new Response(200, "text/plain;charset=UTF-8", body);
    }

    /** A problem document as the control plane's mappers write it (without field errors). */
    static Response problem(int status, String code, String title, String detail) {
      String json =
          "{\"type\":"
              + CanonicalJson.toJson("urn:enclave:problem:" + code)
              + ",\"title\":"
              + CanonicalJson.toJson(title)
              + ",\"status\":"
              + status
              + ",\"detail\":"
              + CanonicalJson.toJson(detail)
              + ",\"code\":"
              + CanonicalJson.toJson(code)
              + "}";
      return new Response(status, "application/problem+json", json);
    }

    static Response notFound(String detail) {
      return problem(404, "not-found", "Not found", detail);
    }
  }

  private Response respond(String path, Map<String, Long> query) {
    switch (path) {
      case "checkpoints" -> {
        return Response.json(checkpointsJson());
      }
      case "entries" -> {
        return Response.json(entriesJson(query));
      }
      case "nodes" -> {
        return nodes == null ? Response.notFound("no nodes") : Response.json(nodesJson(query));
      }
      case "verifier-key" -> {
        return verifierKey == null
            ? Response.notFound("no verifier key")
            : Response.text(verifierKey + "\n");
      }
      case "checkpoint" -> {
        return checkpoints.isEmpty()
            ? Response.notFound("no checkpoint has been issued yet")
            : Response.text(checkpoints.get(checkpoints.size() - 1).note());
      }
      case "proofs/inclusion" -> {
        return proofs == null
            ? Response.notFound("no proofs")
            : inclusionProof(query.getOrDefault("index", -1L), query.getOrDefault("size", 0L));
      }
      default -> {
        if (path.startsWith("entries/") && path.substring(8).matches("[0-9]{1,18}")) {
          return entry(Long.parseLong(path.substring(8)));
        }
        return Response.notFound("no such resource");
      }
    }
  }

  private Response entry(long index) {
    int i = firstAtLeast(entries, DumpRecord.Entry::index, index);
    if (i == entries.size() || entries.get(i).index() != index) {
      return Response.notFound("log entry " + index + " not found");
    }
    return Response.json(entryJson(entries.get(i)));
  }

  /** As {@code AuditLogService.inclusionProof}: the leaf hash is recomputed from the data. */
  private Response inclusionProof(long index, long size) {
    if (size < 1 || size > entries.size()) {
      return validation(
          "size", "must be between 1 and the log's current size (" + entries.size() + ")");
    }
    if (index < 0 || index >= size) {
      return validation("index", "must be at least 0 and less than size (" + size + ")");
    }
    byte[] data = entries.get(firstAtLeast(entries, DumpRecord.Entry::index, index)).data();
    List<Object> hashes = new ArrayList<>();
    proofs.of(index, size).forEach(h -> hashes.add(base64(h)));
    return Response.json(
        "{\"index\":"
            + index
            + ",\"size\":"
            + size
            + ",\"leafHash\":\""
            + base64(MerkleHasher.leafHash(data))
            + "\",\"hashes\":"
            + CanonicalJson.toJson(hashes)
            + "}");
  }

  private static Response validation(String field, String message) {
    return Response.problem(400, "validation-failed", "Request is invalid", field + " " + message);
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
      out.append(count == 0 ? "" : ",").append(entryJson(entries.get(i)));
    }
    return out.append(']').toString();
  }

  /** An entry as the API writes it: {@code {"index":i,"data":"..","leafHash":".."}}. */
  private static String entryJson(DumpRecord.Entry e) {
    StringBuilder out = new StringBuilder("{\"index\":").append(e.index());
    out.append(",\"data\":\"").append(base64(e.data())).append('"');
    if (e.leafHash() != null) {
      out.append(",\"leafHash\":\"").append(base64(e.leafHash())).append('"');
    }
    return out.append('}').toString();
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

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.type());
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
