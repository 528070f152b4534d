package org.enclave.api.web;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;

/**
 * Browser pages. Signing in uses the OIDC authorization-code flow (the {@code web} tenant) and
 * {@code /logout} ends both the local and the identity provider's session.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
  @Inject CurrentPrincipal principal;

  @GET
  @PermitAll
  @Operation(hidden = true)
  public String home() {
    return page(
        "Enclave",
        "<p>Secure data enclave for sensitive research data.</p>"
            + "<p><a href=\"/console\">Sign in to the console</a> &middot; "
            + "<a href=\"/q/openapi\">API description</a></p>");
  }

  @GET
  @Path("console")
  @Authenticated
  @Operation(hidden = true)
  public String console() {
    EnclavePrincipal p = principal.get();
    return page(
        "Enclave console",
        "<p>Signed in as <strong id=\"user\">"
            + escape(p.displayName())
            + "</strong> ("
            + escape(p.username())
            + "), roles: <span id=\"roles\">"
            + escape(String.join(", ", p.roleNames()))
            + "</span>.</p>"
            + "<p><a id=\"logout\" href=\"/logout\">Sign out</a></p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title></head><body><h1>"
        + escape(title)
        + "</h1>"
        + body
        + "</body></html>";
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
