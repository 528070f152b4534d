package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.governance.service.TeamService.Membership;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;

/**
 * Browser pages. Signing in uses the OIDC authorization-code flow (the {@code web} tenant) and
 * {@code /logout} ends both the local and the identity provider's session.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
  /**
   * The console's routes as {@code METHOD path}, all behind the {@code web} tenant's sign-in; the
   * authorization matrix holds a decision for each.
   */
  public static final List<String> ROUTES =
      List.of(
          "GET /console",
          "GET " + ConsoleWorkspaces.PATH,
          "POST " + ConsoleWorkspaces.PATH,
          "POST " + ConsoleWorkspaces.PATH + "/{workspaceId}/start",
          "POST " + ConsoleWorkspaces.PATH + "/{workspaceId}/stop",
          "POST " + ConsoleWorkspaces.PATH + "/{workspaceId}/terminate",
          "GET " + ConsoleDatasets.PATH,
          "POST " + ConsoleDatasets.PATH,
          "GET " + ConsoleDatasets.PATH + "/{datasetId}",
          "POST " + ConsoleDatasets.PATH + "/{datasetId}/versions",
          "PUT " + ConsoleDatasets.PATH + "/{datasetId}/versions/{versionId}/files/{path}",
          "POST " + ConsoleDatasets.PATH + "/{datasetId}/versions/{versionId}/publish",
          "POST " + ConsoleDatasets.PATH + "/{datasetId}/agreements",
          "GET " + ConsoleDatasets.PATH + "/{datasetId}/transparency",
          "GET " + ConsoleDatasets.PATH + "/{datasetId}/transparency.json",
          "GET " + ConsoleAccess.PATH,
          "POST " + ConsoleAccess.PATH + "/requests",
          "GET " + ConsoleAccess.PATH + "/datasets/{datasetId}/agreement",
          "POST " + ConsoleAccess.PATH + "/datasets/{datasetId}/agreement",
          "POST " + ConsoleAccess.PATH + "/requests/{requestId}/approve",
          "POST " + ConsoleAccess.PATH + "/requests/{requestId}/deny",
          "POST " + ConsoleAccess.PATH + "/grants/{grantId}/revoke",
          "GET " + ConsoleAudit.PATH,
          "GET " + ConsoleProofs.PATH,
          "GET " + ConsoleProofs.PATH + "/data",
          "GET " + ConsoleProofs.PATH + "/consistency",
          "GET " + ConsoleExports.PATH,
          "GET " + ConsoleExports.PATH + "/{exportId}",
          "POST " + ConsoleExports.PATH + "/{exportId}/reviews",
          "GET " + ConsoleExports.PATH + "/{exportId}/files/{fileId}",
          "GET " + ConsoleExports.PATH + "/{exportId}/files/{fileId}/view");

  @Inject CurrentPrincipal principal;
  @Inject TeamService teams;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance home(
        EnclavePrincipal me,
        List<Membership> teams,
        boolean workspaces,
        boolean allWorkspaces,
        boolean audit);
  }

  @GET
  @PermitAll
  @Operation(hidden = true)
  public String home() {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Enclave</title>"
        + "</head><body><h1>Enclave</h1>"
        + "<p>Secure data enclave for sensitive research data.</p>"
        + "<p><a href=\"/console\">Sign in to the console</a> &middot; "
        + "<a href=\"/q/openapi\">API description</a></p></body></html>";
  }

  @GET
  @Path("console")
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance console() {
    EnclavePrincipal me = principal.get();
    return Templates.home(
        me,
        teams.membershipsOf(me.username()),
        me.hasAny(Role.RESEARCHER, Role.STEWARD, Role.ADMIN),
        me.hasAny(Role.STEWARD, Role.ADMIN),
        ConsoleAudit.mayRead(me));
  }
}
