package org.enclave.api.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.Problem;
import org.jboss.logging.Logger;

/** The proxy's own answers: {@code application/problem+json}, never Jupyter's text. */
final class SessionProblems {
  private static final Logger LOG = Logger.getLogger(SessionProblems.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionProblems() {}

  static void send(RoutingContext rc, Throwable failure) {
    Throwable t = failure;
    while (!(t instanceof EnclaveException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof EnclaveException e) {
      send(rc, e.errorCode(), e.getMessage());
    } else {
      LOG.errorf(failure, "session request %s failed", rc.request().path());
      send(rc, ErrorCode.INTERNAL, "the request could not be completed");
    }
  }

  static void send(RoutingContext rc, ErrorCode code, String detail) {
    HttpServerResponse response = rc.response();
    if (response.headWritten() || response.ended() || response.closed()) {
      response.reset();
      return;
    }
    String body;
    try {
      body = JSON.writeValueAsString(Problem.of(code, detail, rc.request().path(), List.of()));
    } catch (JsonProcessingException e) {
      body = "{\"status\":" + code.status() + ",\"code\":\"" + code.code() + "\"}";
    }
    response.setStatusCode(code.status());
    SessionHeaders.security(response.headers());
    response.putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
  }
}
