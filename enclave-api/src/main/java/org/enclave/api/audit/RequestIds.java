package org.enclave.api.audit;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of the current HTTP request: the caller's {@code X-Request-Id} when it is a
 * short token, else one made here. It is echoed in the response and recorded with audit events.
 */
@ApplicationScoped
public class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "enclave.request-id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  @Inject Instance<CurrentVertxRequest> currentRequest;

  /** The id of the request being served, or {@code null} outside a request (at startup, say). */
  public String current() {
    if (!Arc.container().requestContext().isActive()) {
      return null;
    }
    RoutingContext ctx = currentRequest.get().getCurrent();
    return ctx == null ? null : assign(ctx);
  }

  static String assign(RoutingContext ctx) {
    String id = ctx.get(KEY);
    if (id == null) {
      HttpServerRequest req = ctx.request();
      String offered = req.getHeader(HEADER);
      id =
          offered != null && SAFE.matcher(offered).matches()
              ? offered
              : UUID.randomUUID().toString();
      ctx.put(KEY, id);
    }
    return id;
  }
}
