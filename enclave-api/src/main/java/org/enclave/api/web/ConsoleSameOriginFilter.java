package org.enclave.api.web;

import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.security.SameOrigin;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Refuses a console request that changes something unless it comes from a page of this site. The
 * session cookie is {@code SameSite=Lax}, so a cross-site form post carries no cookie in current
 * browsers; this check holds in older ones and for same-site, cross-origin pages too.
 */
public class ConsoleSameOriginFilter {
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  /** Every resource of this package is a console page: a new page is covered without a list. */
  private static final String CONSOLE = ConsoleResource.class.getPackageName();

  @ServerRequestFilter
  public void refuseCrossOriginChanges(SimpleResourceInfo resource, HttpServerRequest request) {
    if (SAFE.contains(request.method().name())
        || !resource.getResourceClass().getPackageName().equals(CONSOLE)) {
      return;
    }
    if (!SameOrigin.allows(request)) {
      throw new EnclaveException(
          ErrorCode.CROSS_ORIGIN_REFUSED,
          "changes are accepted only from pages of this site; go back to the console and try"
              + " again");
    }
  }
}
