package org.enclave.api.broker;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.enclave.api.broker.s3.AwsEncoding;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Exception;
import org.enclave.api.broker.s3.SigV4Verifier;
import org.enclave.api.broker.s3.SignedRequest;
import org.jboss.logging.Logger;

/**
 * Routes {@code /-/} requests on a workspace's broker endpoint to a {@link WorkspaceChannel}. In
 * order: authenticate with the workspace's credentials (as every broker request), require a signed
 * payload hash, refuse a body larger than the channel takes before reading it, spool the body to a
 * local file while hashing it, refuse it if its SHA-256 is not the signed one, and only then call
 * the channel. Errors are {@code application/problem+json} with the S3-style code, plus the {@code
 * x-enclave-error-*} headers every broker refusal carries; authentication refusals are audited like
 * any broker refusal.
 */
@ApplicationScoped
public class ChannelDispatcher {
  private static final Logger LOG = Logger.getLogger(ChannelDispatcher.class);
  static final String PREFIX = "/-/";
  private static final String ACTION = "workspace.channel";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final long BODY_TIMEOUT_SECONDS = 300;

  @Inject Instance<WorkspaceChannel> channels;
  @Inject CredentialRegistry credentials;
  @Inject BrokerAudit audit;
  @Inject BrokerConfig config;
  @Inject Vertx vertx;
  @Inject Clock clock;

  private final SecureRandom random = new SecureRandom();

  /** The channels served, first match wins: the CDI beans (a test harness passes its own). */
  Iterable<? extends WorkspaceChannel> served() {
    return channels;
  }

  /** Whether the request is for a channel rather than for data. */
  static boolean claims(HttpServerRequest req) {
    return req.path() != null && req.path().startsWith(PREFIX);
  }

  /** Takes the request off the event loop; its body waits (paused) until it is authenticated. */
  void dispatch(WorkspaceIdentity ws, HttpServerRequest req, ExecutorService pool) {
    req.pause();
    BrokerRequestHandler.Incoming in = BrokerRequestHandler.Incoming.of(req);
    Context context = vertx.getOrCreateContext();
    try {
      pool.execute(() -> handle(ws, in, req, context));
    } catch (RejectedExecutionException e) {
      send(req.response(), true, 503, S3Error.SERVICE_UNAVAILABLE.code(), "the broker is busy");
    }
  }

  /** A refusal before the channel is called. */
  private static final class Refusal extends RuntimeException {
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private record Spooled(Path file, long size, String sha256) {}

  private void handle(
      WorkspaceIdentity ws, BrokerRequestHandler.Incoming in, HttpServerRequest req, Context ctx) {
    HttpServerResponse res = req.response();
    String requestId = newRequestId();
    res.putHeader("x-amz-request-id", requestId);
    res.putHeader("Server", "EnclaveDataBroker");
    boolean authenticated = false;
    String path = null;
    Path spool = null;
    boolean bodyRead = false;
    try {
      path = decode(in.rawPath()).substring(PREFIX.length() - 1);
      new SigV4Verifier(config.region(), clock)
          .verify(
              new SignedRequest(in.method(), in.rawPath(), in.rawQuery(), in.headers()),
              key -> credentials.secretFor(ws, key));
      authenticated = true;
      String signedHash = in.header("x-amz-content-sha256");
      if (signedHash == null || !SHA256_HEX.matcher(signedHash).matches()) {
        throw new Refusal(
            400,
            S3Error.INVALID_REQUEST.code(),
            "x-amz-content-sha256 must be the hex SHA-256 of the body: the channel checks the"
                + " body it signs");
      }
      String target = path;
      WorkspaceChannel channel =
          java.util.stream.StreamSupport.stream(served().spliterator(), false)
              .filter(c -> c.handles(target))
              .findFirst()
              .orElseThrow(() -> new Refusal(404, "NoSuchService", "no service at " + target));
      long max = channel.maxBodyBytes();
      String length = in.header("content-length");
      if (length != null && (!length.matches("\\d{1,18}") || Long.parseLong(length) > max)) {
        throw new Refusal(
            413,
            "EntityTooLarge",
            "the body is larger than this service takes (" + max + " bytes)");
      }
      spool = Files.createTempFile("enclave-channel-", ".part");
      Spooled body = spool(req, ctx, spool, max);
      bodyRead = true;
      if (!body.sha256().equals(signedHash)) {
        throw new Refusal(
            400,
            "XAmzContentSHA256Mismatch",
            "the body's SHA-256 is not the x-amz-content-sha256 that was signed");
      }
      ChannelResponse answer =
          channel.handle(
              ws,
              new ChannelRequest(
                  in.method(),
                  path,
                  params(in.rawQuery()),
                  body.file(),
                  body.size(),
                  body.sha256(),
                  requestId));
      res.setStatusCode(answer.status());
      res.putHeader("Content-Type", answer.contentType());
      byte[] bytes = answer.body();
      res.putHeader("Content-Length", Integer.toString(bytes.length));
      res.end(Buffer.buffer(bytes));
    } catch (S3Exception e) {
      audit.denied(entry(ws, authenticated, path, requestId), e.auditReason());
      send(res, !bodyRead, e.error().status(), e.error().code(), e.getMessage());
    } catch (Refusal e) {
      audit.denied(entry(ws, authenticated, path, requestId), e.code + ": " + e.getMessage());
      send(res, !bodyRead, e.status, e.code, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "channel request %s of workspace %s failed", requestId, ws.workspaceId());
      audit.denied(entry(ws, authenticated, path, requestId), "internal error");
      send(res, !bodyRead, 500, S3Error.INTERNAL_ERROR.code(), "internal error");
    } finally {
      if (spool != null) {
        try {
          Files.deleteIfExists(spool);
        } catch (IOException e) {
          LOG.warnf("could not remove spooled body %s", spool);
        }
      }
    }
  }

  /**
   * Streams the body into {@code file} on the request's event loop (with back-pressure), hashing it
   * on the way; fails with {@code EntityTooLarge} past {@code max} bytes.
   */
  private Spooled spool(HttpServerRequest req, Context ctx, Path file, long max)
      throws IOException {
    CompletableFuture<Spooled> done = new CompletableFuture<>();
    MessageDigest sha = sha256();
    long[] size = {0};
    ctx.runOnContext(
        v ->
            vertx
                .fileSystem()
                .open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(done::completeExceptionally)
                .onSuccess(
                    out -> {
                      req.exceptionHandler(
                          e -> {
                            out.close();
                            done.completeExceptionally(e);
                          });
                      req.handler(buf -> write(req, out, buf, sha, size, max, done));
                      req.endHandler(
                          end ->
                              out.close()
                                  .onFailure(done::completeExceptionally)
                                  .onSuccess(
                                      closed ->
                                          done.complete(
                                              new Spooled(
                                                  file,
                                                  size[0],
                                                  HexFormat.of().formatHex(sha.digest())))));
                      if ("100-continue".equalsIgnoreCase(req.getHeader("expect"))) {
                        req.response().writeContinue();
                      }
                      req.resume();
                    }));
    try {
      return done.get(BODY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the body", e);
    } catch (TimeoutException e) {
      throw new Refusal(400, "RequestTimeout", "the body did not arrive in time");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Refusal r) {
        throw r;
      }
      throw new IOException("the body could not be read", e.getCause());
    }
  }

  private static void write(
      HttpServerRequest req,
      AsyncFile out,
      Buffer buf,
      MessageDigest sha,
      long[] size,
      long max,
      CompletableFuture<Spooled> done) {
    if (done.isDone()) {
      return;
    }
    size[0] += buf.length();
    if (size[0] > max) {
      req.pause();
      out.close();
      done.completeExceptionally(
          new Refusal(
              413,
              "EntityTooLarge",
              "the body is larger than this service takes (" + max + " bytes)"));
      return;
    }
    sha.update(buf.getBytes());
    out.write(buf);
    if (out.writeQueueFull()) {
      req.pause();
      out.drainHandler(d -> req.resume());
    }
  }

  private BrokerAudit.Entry entry(
      WorkspaceIdentity ws, boolean authenticated, String path, String requestId) {
    return new BrokerAudit.Entry(
        clock.instant(),
        ws,
        authenticated,
        ACTION,
        "-",
        path == null ? null : path.substring(1),
        null,
        null,
        null,
        null,
        requestId);
  }

  /**
   * Sends a problem+json refusal with the broker's error headers. A body that was not read makes
   * the connection unusable, so {@code closeConnection} closes it then.
   */
  static void send(
      HttpServerResponse res, boolean closeConnection, int status, String code, String message) {
    if (res.ended() || res.headWritten()) {
      res.reset();
      return;
    }
    byte[] body = problemJson(status, code, message);
    res.setStatusCode(status);
    if (closeConnection) {
      res.putHeader("Connection", "close");
    }
    res.putHeader(S3Responses.ERROR_CODE_HEADER, S3Responses.headerSafe(code));
    res.putHeader(S3Responses.ERROR_MESSAGE_HEADER, S3Responses.headerSafe(message));
    res.putHeader("Content-Type", "application/problem+json");
    res.putHeader("Content-Length", Integer.toString(body.length));
    res.end(Buffer.buffer(body));
  }

  /** The problem document of a channel's or the broker's refusal: status, code, title, detail. */
  static byte[] problemJson(int status, String code, String detail) {
    return ("{\"status\":"
            + status
            + ",\"code\":\""
            + jsonEscape(code)
            + "\",\"title\":\""
            + jsonEscape(code)
            + "\",\"detail\":\""
            + jsonEscape(detail)
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String decode(String rawPath) {
    try {
      return AwsEncoding.decode(rawPath);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI.", "bad path");
    }
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : AwsEncoding.parseQuery(rawQuery)) {
        out.putIfAbsent(e.getKey(), e.getValue());
      }
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3Error.INVALID_ARGUMENT, "The query string is not properly encoded");
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String newRequestId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
