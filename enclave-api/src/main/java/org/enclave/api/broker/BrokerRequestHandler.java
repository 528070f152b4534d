package org.enclave.api.broker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.enclave.api.broker.s3.AwsEncoding;
import org.enclave.api.broker.s3.ByteRange;
import org.enclave.api.broker.s3.ObjectListing;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Exception;
import org.enclave.api.broker.s3.S3Operation;
import org.enclave.api.broker.s3.S3Request;
import org.enclave.api.broker.s3.S3Xml;
import org.enclave.api.broker.s3.SigV4Verifier;
import org.enclave.api.broker.s3.SignedRequest;
import org.enclave.infra.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Serves one broker request on a worker thread, in this order: take the request apart, authenticate
 * it (SigV4, with a key of this endpoint's workspace), refuse anything but a read, check the grant
 * at this moment, append the audit record durably, and only then send the answer. Every refusal is
 * audited too. If the audit log cannot take the record, nothing is served ({@code 503
 * ServiceUnavailable}).
 */
@ApplicationScoped
public class BrokerRequestHandler {
  private static final Logger LOG = Logger.getLogger(BrokerRequestHandler.class);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final String XML = "application/xml";
  private static final Map<String, String> RESPONSE_OVERRIDES =
      Map.of(
          "response-content-type", "Content-Type",
          "response-content-language", "Content-Language",
          "response-expires", "Expires",
          "response-cache-control", "Cache-Control",
          "response-content-disposition", "Content-Disposition",
          "response-content-encoding", "Content-Encoding");

  @Inject BrokerCatalog catalog;
  @Inject BrokerAudit audit;
  @Inject CredentialRegistry credentials;
  @Inject ObjectStore store;
  @Inject BrokerConfig config;
  @Inject Clock clock;
  @Inject MeterRegistry metrics;

  private final SecureRandom random = new SecureRandom();
  private volatile SigV4Verifier verifier;

  /** What the event loop captured of a request before handing it to a worker. */
  record Incoming(
      String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {
    static Incoming of(HttpServerRequest req) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      MultiMap h = req.headers();
      for (Map.Entry<String, String> e : h) {
        headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
      return new Incoming(req.method().name(), req.path(), req.query(), headers);
    }
  }

  /** What is known of the request so far, for its audit record and its error body. */
  private static final class State {
    final Instant time;
    final String requestId;
    final WorkspaceIdentity workspace;
    boolean head;
    boolean hasBody;
    boolean authenticated;
    String action = "broker.request";
    String outcome = "allow";
    String bucket;
    String key;
    BucketAccess access;
    Long objectSize;

    State(Instant time, String requestId, WorkspaceIdentity workspace) {
      this.time = time;
      this.requestId = requestId;
      this.workspace = workspace;
    }

    BrokerAudit.Entry entry(Long first, Long last, Long bytes) {
      return new BrokerAudit.Entry(
          time,
          workspace,
          authenticated,
          action,
          bucket,
          key,
          access,
          first,
          last,
          bytes,
          requestId);
    }
  }

  /** Handles the request; call on a worker thread, never on the event loop. */
  void handle(WorkspaceIdentity ws, Incoming in, HttpServerResponse res) {
    long started = System.nanoTime();
    State s = new State(clock.instant(), newRequestId(), ws);
    try {
      handle(s, in, res);
    } finally {
      metrics
          .timer("enclave.broker.requests", "action", s.action, "outcome", s.outcome)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private void handle(State s, Incoming in, HttpServerResponse res) {
    WorkspaceIdentity ws = s.workspace;
    s.head = in.method().equals("HEAD");
    s.hasBody = hasBody(in);
    res.putHeader("x-amz-request-id", s.requestId);
    res.putHeader("Server", "EnclaveDataBroker");
    try {
      String[] target = S3Request.target(in.rawPath());
      s.bucket = target[0];
      s.key = target[1];
      List<Map.Entry<String, String>> query = query(in.rawQuery());
      verifier()
          .verify(
              new SignedRequest(in.method(), in.rawPath(), in.rawQuery(), in.headers()),
              accessKeyId -> credentials.secretFor(ws, accessKeyId));
      s.authenticated = true;
      S3Request req = S3Request.of(in.method(), s.bucket, s.key, query);
      s.action = req.operation().action();
      serve(s, req, in, res);
    } catch (S3Exception e) {
      s.outcome = "deny";
      audit.denied(s.entry(null, null, null), e.auditReason());
      sendError(res, s, e.error(), e.getMessage());
    } catch (AuditUnavailable e) {
      s.outcome = "audit-unavailable";
      LOG.warnf("broker request %s refused: the audit log is unavailable", s.requestId);
      sendError(res, s, S3Error.SERVICE_UNAVAILABLE, "The audit log is unavailable; try again");
    } catch (RuntimeException e) {
      s.outcome = "error";
      LOG.errorf(e, "broker request %s failed", s.requestId);
      audit.denied(s.entry(null, null, null), "internal error: " + e.getClass().getSimpleName());
      sendError(res, s, S3Error.INTERNAL_ERROR, S3Error.INTERNAL_ERROR.defaultMessage());
    }
  }

  private void serve(State s, S3Request req, Incoming in, HttpServerResponse res) {
    Instant now = s.time;
    switch (req.operation()) {
      case LIST_BUCKETS -> {
        List<BucketAccess> buckets = decided(() -> catalog.readableBuckets(s.workspace, now));
        allow(s, null, null, null, buckets.size() + " buckets");
        List<S3Xml.Bucket> shown =
            buckets.stream().map(b -> new S3Xml.Bucket(b.bucket(), b.created())).toList();
        sendXml(
            res,
            200,
            S3Xml.listBuckets(s.workspace.teamId().toString(), s.workspace.owner(), shown));
      }
      case HEAD_BUCKET -> {
        s.access = decided(() -> catalog.requireReadable(s.workspace, s.bucket, now));
        allow(s, null, null, null, null);
        res.putHeader("x-amz-bucket-region", verifier().region());
        res.setStatusCode(200).end();
      }
      case GET_BUCKET_LOCATION -> {
        s.access = decided(() -> catalog.requireReadable(s.workspace, s.bucket, now));
        allow(s, null, null, null, null);
        sendXml(res, 200, S3Xml.location(verifier().region()));
      }
      case LIST_OBJECTS_V1, LIST_OBJECTS_V2 -> list(s, req, res);
      case HEAD_OBJECT, GET_OBJECT -> object(s, req, in, res);
    }
  }

  private void list(State s, S3Request req, HttpServerResponse res) {
    boolean v2 = req.operation() == S3Operation.LIST_OBJECTS_V2;
    int maxKeys = maxKeys(req.param("max-keys"));
    String encoding = req.param("encoding-type");
    if (encoding != null && !encoding.equals("url")) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request");
    }
    String prefix = req.param("prefix") == null ? "" : req.param("prefix");
    String delimiter = req.param("delimiter");
    String token = v2 ? req.param("continuation-token") : null;
    String startAfter = v2 ? req.param("start-after") : null;
    String marker = v2 ? null : req.param("marker");
    String after = v2 ? (token != null ? ObjectListing.decodeToken(token) : startAfter) : marker;
    s.access = decided(() -> catalog.requireReadable(s.workspace, s.bucket, s.time));
    List<S3Xml.Entry> entries =
        catalog.objects(s.access.versionId()).stream()
            .map(o -> new S3Xml.Entry(o.key(), o.size(), o.etag(), o.lastModified()))
            .toList();
    ObjectListing.Page<S3Xml.Entry> page =
        ObjectListing.page(entries, prefix, delimiter, after, maxKeys);
    allow(
        s,
        null,
        null,
        null,
        "prefix '"
            + prefix
            + "', "
            + page.keyCount()
            + " keys"
            + (page.truncated() ? ", more" : ""));
    S3Xml.ListQuery q =
        new S3Xml.ListQuery(
            s.bucket,
            prefix,
            delimiter == null || delimiter.isEmpty() ? null : delimiter,
            maxKeys,
            encoding != null,
            token,
            startAfter,
            marker);
    sendXml(res, 200, v2 ? S3Xml.listObjectsV2(q, page) : S3Xml.listObjectsV1(q, page));
  }

  private void object(State s, S3Request req, Incoming in, HttpServerResponse res) {
    BrokerCatalog.ReadableObject found =
        decided(() -> catalog.requireObject(s.workspace, s.bucket, s.key, s.time));
    s.access = found.access();
    DatasetObject o =
        found
            .object()
            .orElseThrow(
                () ->
                    new S3Exception(
                        S3Error.NO_SUCH_KEY,
                        S3Error.NO_SUCH_KEY.defaultMessage(),
                        "no servable file at this path in version " + s.access.versionLabel()));
    s.objectSize = o.size();
    if (notModified(in, o)) {
      allow(s, null, null, 0L, "not modified");
      objectHeaders(res, o, req);
      res.setStatusCode(304).end();
      return;
    }
    Optional<ByteRange> range = ByteRange.parse(header(in, "range"), o.size());
    long first = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(o.size());
    boolean get = req.operation() == S3Operation.GET_OBJECT;
    InputStream body = get && length > 0 ? open(o, first, length) : InputStream.nullInputStream();
    try {
      allow(
          s,
          range.map(ByteRange::first).orElse(null),
          range.map(ByteRange::last).orElse(null),
          get ? length : 0L,
          null);
    } catch (AuditUnavailable e) {
      closeQuietly(body);
      throw e;
    }
    objectHeaders(res, o, req);
    res.putHeader("Content-Length", Long.toString(length));
    range.ifPresent(r -> res.putHeader("Content-Range", r.contentRange(o.size())));
    res.setStatusCode(range.isPresent() ? 206 : 200);
    if (!get || length == 0) {
      closeQuietly(body);
      res.end();
      return;
    }
    try (InputStream b = body) {
      new BodyWriter(res, config.stallTimeout()).copy(b, length);
    } catch (IOException e) {
      LOG.debugf("broker request %s: stream ended early: %s", s.requestId, e.getMessage());
    }
  }

  private InputStream open(DatasetObject o, long first, long length) {
    try {
      return store
          .open(o.objectKey(), first, length)
          .orElseThrow(() -> new IllegalStateException("object missing from the store"));
    } catch (IOException e) {
      throw new IllegalStateException("object store unreadable", e);
    }
  }

  /** If-None-Match (304) and If-Match (412); the ETag of a file never changes. */
  private static boolean notModified(Incoming in, DatasetObject o) {
    String ifMatch = header(in, "if-match");
    if (ifMatch != null && !etagMatches(ifMatch, o.etag())) {
      throw new S3Exception(
          S3Error.PRECONDITION_FAILED,
          S3Error.PRECONDITION_FAILED.defaultMessage(),
          "If-Match does not match");
    }
    String ifNoneMatch = header(in, "if-none-match");
    return ifNoneMatch != null && etagMatches(ifNoneMatch, o.etag());
  }

  private static boolean etagMatches(String header, String etag) {
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag) || ("\"" + c + "\"").equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static void objectHeaders(HttpServerResponse res, DatasetObject o, S3Request req) {
    res.putHeader("ETag", o.etag());
    res.putHeader("Last-Modified", HTTP_DATE.format(o.lastModified()));
    res.putHeader("Accept-Ranges", "bytes");
    res.putHeader("Content-Type", o.mediaType());
    RESPONSE_OVERRIDES.forEach(
        (param, header) -> {
          String v = req.param(param);
          if (v != null && v.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            res.putHeader(header, v);
          }
        });
  }

  private void allow(State s, Long first, Long last, Long bytes, String reason) {
    Timer.Sample sample = Timer.start(metrics);
    try {
      audit.allowed(s.entry(first, last, bytes), reason);
    } catch (RuntimeException e) {
      throw new AuditUnavailable(e);
    } finally {
      sample.stop(metrics.timer("enclave.broker.audit.append"));
    }
  }

  /** Times a governance decision (grant, membership, agreement, file lookup). */
  private <T> T decided(java.util.function.Supplier<T> decision) {
    Timer.Sample sample = Timer.start(metrics);
    try {
      return decision.get();
    } finally {
      sample.stop(metrics.timer("enclave.broker.decision"));
    }
  }

  private void sendError(HttpServerResponse res, State s, S3Error error, String message) {
    if (res.ended() || res.headWritten()) {
      res.reset();
      return;
    }
    res.setStatusCode(error.status());
    if (s.hasBody) {
      // The body of a refused upload is never read: the connection cannot carry another request.
      res.putHeader("Connection", "close");
    }
    if (error == S3Error.INVALID_RANGE && s.objectSize != null) {
      res.putHeader("Content-Range", "bytes */" + s.objectSize);
    }
    if (s.head) {
      res.end();
      return;
    }
    String resource =
        s.bucket == null ? "/" : s.key == null ? "/" + s.bucket : "/" + s.bucket + "/" + s.key;
    boolean named = error == S3Error.NO_SUCH_BUCKET || error == S3Error.NO_SUCH_KEY;
    sendXml(
        res,
        error.status(),
        S3Xml.error(
            error,
            message,
            resource,
            s.requestId,
            named ? s.bucket : null,
            error == S3Error.NO_SUCH_KEY ? s.key : null));
  }

  private static void sendXml(HttpServerResponse res, int status, String xml) {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    res.setStatusCode(status);
    res.putHeader("Content-Type", XML);
    res.putHeader("Content-Length", Integer.toString(body.length));
    res.end(io.vertx.core.buffer.Buffer.buffer(body));
  }

  private static int maxKeys(String value) {
    if (value == null) {
      return ObjectListing.MAX_KEYS;
    }
    if (!value.matches("[0-9]{1,9}")) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range");
    }
    return Math.min(Integer.parseInt(value), ObjectListing.MAX_KEYS);
  }

  private static List<Map.Entry<String, String>> query(String rawQuery) {
    try {
      return AwsEncoding.parseQuery(rawQuery);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "The query string is not properly encoded", e.getMessage());
    }
  }

  private static boolean hasBody(Incoming in) {
    String length = header(in, "content-length");
    return header(in, "transfer-encoding") != null
        || (length != null && !length.trim().equals("0"))
        || header(in, "expect") != null;
  }

  private static String header(Incoming in, String name) {
    for (Map.Entry<String, List<String>> e : in.headers().entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private SigV4Verifier verifier() {
    SigV4Verifier v = verifier;
    if (v == null) {
      v = new SigV4Verifier(config.region(), clock);
      verifier = v;
    }
    return v;
  }

  private String newRequestId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing was read from it
    }
  }

  /** The audit log did not take an allowed request's record: serve nothing. */
  static final class AuditUnavailable extends RuntimeException {
    AuditUnavailable(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
