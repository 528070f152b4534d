package org.enclave.api.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Locale;

/**
 * Whether a request that changes something comes from a page of this site. Browsers send {@code
 * Origin} with every cross-site request that changes something (form posts, fetches, WebSockets),
 * so an {@code Origin} that names the host the browser addressed is proof enough; without one, the
 * browser's own {@code Sec-Fetch-Site: same-origin} is. Anything else is refused: a page of another
 * site cannot make a signed-in browser act here, whatever cookies it carries.
 */
public final class SameOrigin {
  private SameOrigin() {}

  /** Whether {@code request} comes from a page of the origin it addresses. */
  public static boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return matches(origin, authority(request));
    }
    return "same-origin".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
  }

  /** Whether {@code origin} names {@code host} (with its port, if any), over HTTP or HTTPS. */
  public static boolean matches(String origin, String host) {
    if (origin == null || host == null) {
      return false;
    }
    for (String scheme : List.of("http://", "https://")) {
      if (origin.toLowerCase(Locale.ROOT).equals(scheme + host.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** The host (and port) the browser addressed: the Host header, or HTTP/2's :authority. */
  public static String authority(HttpServerRequest request) {
    HostAndPort a = request.authority();
    if (a == null) {
      return null;
    }
    return a.port() < 0 ? a.host() : a.host() + ":" + a.port();
  }
}
