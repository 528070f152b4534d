package org.enclave.api.session;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import org.enclave.api.error.ErrorCode;

/**
 * Forwards one HTTP request to a workspace's Jupyter socket and its answer back, both streamed with
 * back-pressure; the answer's body passes through a {@link TokenScrubber}.
 */
final class HttpForwarder {
  private final HttpClient client;
  private final SessionActivity activity;

  HttpForwarder(Vertx vertx, SessionActivity activity) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setMaxPoolSize(32)
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setIdleTimeout(600)
                .setDecompressionSupported(false));
    this.activity = activity;
  }

  void forward(RoutingContext rc, Session session, SessionPath path) {
    HttpServerRequest in = rc.request();
    RequestOptions options =
        new RequestOptions()
            .setServer(session.upstream)
            .setHost("localhost")
            .setPort(80)
            .setMethod(in.method())
            .setURI(path.upstream())
            .setHeaders(SessionHeaders.upstream(in.headers(), session.token));
    client
        .request(options)
        .onFailure(e -> unavailable(rc))
        .onSuccess(
            out -> {
              in.response().closeHandler(v -> out.reset());
              boolean hasBody =
                  in.headers().contains("Content-Length")
                      || in.headers().contains("Transfer-Encoding");
              if (hasBody && !in.headers().contains("Content-Length")) {
                out.setChunked(true);
              }
              (hasBody ? out.send(in) : out.send())
                  .onFailure(e -> unavailable(rc))
                  .onSuccess(answer -> relay(rc, session, answer));
            });
  }

  private void relay(RoutingContext rc, Session session, HttpClientResponse answer) {
    HttpServerResponse res = rc.response();
    if (SessionHeaders.isAttachment(answer.headers())) {
      answer.request().reset();
      SessionProblems.send(
          rc,
          ErrorCode.DOWNLOAD_REFUSED,
          "files leave a workspace only through a reviewed export, never as a download");
      return;
    }
    res.setStatusCode(answer.statusCode());
    SessionHeaders.downstream(answer.headers(), res.headers(), session.token);
    int status = answer.statusCode();
    if (rc.request().method() == HttpMethod.HEAD || status == 204 || status == 304) {
      answer.request().reset();
      res.end();
      return;
    }
    res.setChunked(true);
    TokenScrubber scrubber = new TokenScrubber(session.token);
    answer.handler(
        chunk -> {
          activity.touch(session.workspaceId.toString());
          res.write(scrubber.apply(chunk));
          if (res.writeQueueFull()) {
            answer.pause();
            res.drainHandler(v -> answer.resume());
          }
        });
    answer.exceptionHandler(e -> res.reset());
    answer.endHandler(v -> res.end(scrubber.finish()));
  }

  private static void unavailable(RoutingContext rc) {
    SessionProblems.send(
        rc, ErrorCode.SESSION_UNAVAILABLE, "the workspace's notebook server did not answer");
  }

  void close() {
    client.close();
  }
}
