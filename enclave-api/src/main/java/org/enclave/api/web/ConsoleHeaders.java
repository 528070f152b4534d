package org.enclave.api.web;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The headers of every console page: a strict Content-Security-Policy (scripts and style sheets
 * from this site only, none inline; forms only to this site; never framed), no MIME sniffing, and
 * no referrer beyond this site. A page that sets its own policy (a reviewer's view of an export
 * file, which shows images as data) keeps it.
 */
public class ConsoleHeaders {
  /** The policy of console pages. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final String CONSOLE = ConsoleResource.class.getPackageName();

  @ServerResponseFilter
  public void secure(SimpleResourceInfo resource, ContainerResponseContext response) {
    if (resource == null
        || resource.getResourceClass() == null
        || !resource.getResourceClass().getPackageName().equals(CONSOLE)) {
      return;
    }
    MultivaluedMap<String, Object> headers = response.getHeaders();
    headers.putIfAbsent("Content-Security-Policy", List.of(CONTENT_SECURITY_POLICY));
    headers.putSingle("X-Content-Type-Options", "nosniff");
    headers.putSingle("Referrer-Policy", "same-origin");
    headers.putSingle("X-Frame-Options", "DENY");
  }
}
