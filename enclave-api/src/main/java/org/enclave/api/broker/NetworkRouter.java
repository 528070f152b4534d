package org.enclave.api.broker;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Xml;
import org.jboss.logging.Logger;

/**
 * Routes requests on the broker's one network listener. On a Unix socket the socket says which
 * workspace is asking; here the access key says which workspace it claims to be, and the request is
 * served only if it comes from that workspace's own instance address. A key used from anywhere else
 * is refused as {@code InvalidAccessKeyId} before its signature is even checked, and the refusal is
 * audited with both addresses: a key copied out of one instance is worthless on any other.
 *
 * <p>The one request without credentials is {@code POST /-/bootstrap}: an instance that has just
 * booted trades the one-time token of its user data for its environment (its credentials among
 * them), from its own address.
 */
final class NetworkRouter {
  private static final Logger LOG = Logger.getLogger(NetworkRouter.class);
  static final String BOOTSTRAP_PATH = "/-/bootstrap";
  static final int MAX_BOOTSTRAP_BODY = 4096;
  private static final Pattern HEADER_CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]{1,128})/");
  private static final Pattern QUERY_CREDENTIAL =
      Pattern.compile("(?:^|&)X-Amz-Credential=([A-Za-z0-9]{1,128})(?:/|%2F|%2f)");
  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final Function<String, Optional<WorkspaceIdentity>> identityOfKey;
  private final Function<String, Optional<WorkspaceIdentity>> identityOfWorkspace;
  private final NetworkWorkspaces workspaces;
  private final BrokerEndpoints endpoints;
  private final BrokerAudit audit;
  private final ExecutorService pool;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  NetworkRouter(
      Function<String, Optional<WorkspaceIdentity>> identityOfKey,
      Function<String, Optional<WorkspaceIdentity>> identityOfWorkspace,
      NetworkWorkspaces workspaces,
      BrokerEndpoints endpoints,
      BrokerAudit audit,
      ExecutorService pool,
      Clock clock) {
    this.identityOfKey = identityOfKey;
    this.identityOfWorkspace = identityOfWorkspace;
    this.workspaces = workspaces;
    this.endpoints = endpoints;
    this.audit = audit;
    this.pool = pool;
    this.clock = clock;
  }

  void handle(HttpServerRequest req) {
    InetAddress from = remoteAddress(req);
    if (from == null) {
      req.response().setStatusCode(400).putHeader("Connection", "close").end();
      return;
    }
    if (BOOTSTRAP_PATH.equals(req.path())) {
      bootstrap(req, from);
      return;
    }
    Optional<String> key = accessKeyOf(req.getHeader("Authorization"), req.query());
    if (key.isEmpty()) {
      refuse(
          req,
          S3Error.ACCESS_DENIED,
          "requests to the data broker must be signed (SigV4) with the workspace's credentials");
      return;
    }
    Optional<WorkspaceIdentity> ws = identityOfKey.apply(key.get());
    if (ws.isEmpty()) {
      refuse(req, S3Error.INVALID_ACCESS_KEY_ID, S3Error.INVALID_ACCESS_KEY_ID.defaultMessage());
      return;
    }
    Optional<InetAddress> expected = workspaces.addressOf(ws.get().workspaceId());
    if (expected.isEmpty() || !expected.get().equals(from)) {
      String requestId = newRequestId();
      String reason =
          "access key of workspace "
              + ws.get().workspaceId()
              + " used from "
              + from.getHostAddress()
              + ", not from its instance's address "
              + expected.map(InetAddress::getHostAddress).orElse("(none: it is not running)");
      try {
        pool.execute(
            () -> {
              audit.denied(entry(ws.get(), "broker.request", requestId), reason);
              refuse(
                  req,
                  S3Error.INVALID_ACCESS_KEY_ID,
                  S3Error.INVALID_ACCESS_KEY_ID.defaultMessage());
            });
      } catch (RejectedExecutionException e) {
        refuse(req, S3Error.SERVICE_UNAVAILABLE, S3Error.SERVICE_UNAVAILABLE.defaultMessage());
      }
      return;
    }
    endpoints.serve(ws.get(), req, pool);
  }

  /**
   * The access key id a SigV4 request names, from its {@code Authorization} header or its presigned
   * query; empty if it names none. Only routing uses this: the request handler parses and checks
   * the whole signature again.
   */
  static Optional<String> accessKeyOf(String authorization, String rawQuery) {
    if (authorization != null) {
      Matcher m = HEADER_CREDENTIAL.matcher(authorization);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
    if (rawQuery != null) {
      Matcher m = QUERY_CREDENTIAL.matcher(rawQuery);
      if (m.find()) {
        return Optional.of(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private void bootstrap(HttpServerRequest req, InetAddress from) {
    HttpServerResponse res = req.response();
    if (req.method() != HttpMethod.POST) {
      ChannelDispatcher.send(res, true, 405, "MethodNotAllowed", "POST the boot token here");
      return;
    }
    String length = req.getHeader("Content-Length");
    if (length == null
        || !length.matches("\\d{1,6}")
        || Integer.parseInt(length) > MAX_BOOTSTRAP_BODY) {
      ChannelDispatcher.send(
          res,
          true,
          413,
          "EntityTooLarge",
          "the boot request is a JSON object of at most " + MAX_BOOTSTRAP_BODY + " bytes");
      return;
    }
    req.body()
        .onFailure(e -> res.reset())
        .onSuccess(
            body -> {
              try {
                pool.execute(() -> redeem(res, body, from));
              } catch (RejectedExecutionException e) {
                ChannelDispatcher.send(res, false, 503, "ServiceUnavailable", "the broker is busy");
              }
            });
  }

  private void redeem(HttpServerResponse res, Buffer body, InetAddress from) {
    String workspaceId;
    String token;
    try {
      JsonObject json = new JsonObject(body);
      workspaceId = json.getValue("workspace") instanceof String w ? w : null;
      token = json.getValue("bootToken") instanceof String t ? t : null;
    } catch (DecodeException | ClassCastException e) {
      ChannelDispatcher.send(
          res,
          false,
          400,
          "MalformedBootRequest",
          "the body must be a JSON object with the strings \"workspace\" and \"bootToken\"");
      return;
    }
    if (workspaceId == null
        || token == null
        || !WORKSPACE_ID.matcher(workspaceId).matches()
        || token.length() > 256) {
      ChannelDispatcher.send(
          res,
          false,
          400,
          "MalformedBootRequest",
          "\"workspace\" must be a workspace id and \"bootToken\" the token of the user data");
      return;
    }
    String requestId = newRequestId();
    Optional<WorkspaceIdentity> ws = identityOfWorkspace.apply(workspaceId);
    Optional<Map<String, String>> environment =
        ws.isEmpty() ? Optional.empty() : workspaces.redeemBoot(workspaceId, token, from);
    if (environment.isEmpty()) {
      ws.ifPresent(
          w ->
              audit.denied(
                  entry(w, "workspace.bootstrap", requestId),
                  "boot token refused for the instance at " + from.getHostAddress()));
      ChannelDispatcher.send(
          res,
          false,
          403,
          "BootRefused",
          "no workspace starting at this address accepts this boot token (it is wrong, used or"
              + " expired)");
      return;
    }
    try {
      audit.allowed(
          entry(ws.get(), "workspace.bootstrap", requestId),
          "boot environment handed to the instance at " + from.getHostAddress());
    } catch (RuntimeException e) {
      LOG.warnf("boot of workspace %s refused: the audit log cannot record it", workspaceId);
      ChannelDispatcher.send(res, false, 503, "ServiceUnavailable", "the audit log is unavailable");
      return;
    }
    byte[] answer =
        new JsonObject()
            .put("environment", new JsonObject(Map.copyOf(environment.get())))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    res.setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Length", Integer.toString(answer.length))
        .end(Buffer.buffer(answer));
  }

  private BrokerAudit.Entry entry(WorkspaceIdentity ws, String action, String requestId) {
    return new BrokerAudit.Entry(
        clock.instant(), ws, false, action, null, null, null, null, null, null, requestId);
  }

  private void refuse(HttpServerRequest req, S3Error error, String message) {
    HttpServerResponse res = req.response();
    if (ChannelDispatcher.claims(req)) {
      ChannelDispatcher.send(res, true, error.status(), error.code(), message);
      return;
    }
    res.setStatusCode(error.status())
        .putHeader("Content-Type", "application/xml")
        .putHeader("Connection", "close")
        .putHeader(S3Responses.ERROR_CODE_HEADER, error.code())
        .end(S3Xml.error(error, message, req.path(), newRequestId(), null, null));
  }

  private static InetAddress remoteAddress(HttpServerRequest req) {
    if (req.remoteAddress() == null || req.remoteAddress().host() == null) {
      return null;
    }
    try {
      // An IP literal: no name lookup happens.
      return InetAddress.getByName(req.remoteAddress().host());
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private String newRequestId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
