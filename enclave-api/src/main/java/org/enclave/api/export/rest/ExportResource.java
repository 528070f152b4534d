package org.enclave.api.export.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.export.service.ExportModels.ExportView;
import org.enclave.api.export.service.ExportModels.ReviewCommand;
import org.enclave.api.export.service.ExportReviews;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

/**
 * Export requests outside the workspace: the team follows its requests, reviewers decide them.
 * Files are not served here: released files are downloaded from the console by the team's
 * researchers (docs/exports.md).
 */
@Path(Api.V1 + "/exports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "exports")
public class ExportResource {
  @Inject ExportReviews reviews;
  @Inject CurrentPrincipal principal;

  @GET
  @Authenticated
  @Operation(
      operationId = "listExports",
      summary = "Export requests the caller may see: the team's own, or those the caller reviews")
  public List<ExportView> list(
      @QueryParam("state") String state, @QueryParam("teamId") UUID teamId) {
    return reviews.list(principal.get(), state, teamId);
  }

  @GET
  @Path("/{exportId}")
  @Authenticated
  @Operation(operationId = "getExport", summary = "One export request, its findings and reviews")
  public ExportView get(@PathParam("exportId") UUID exportId) {
    return reviews.get(principal.get(), exportId);
  }

  @POST
  @Path("/{exportId}/reviews")
  @RolesAllowed({Role.OUTPUT_CHECKER_NAME, Role.STEWARD_NAME})
  @Operation(
      operationId = "reviewExport",
      summary = "Approve, reject or return an export request; two approvals release it")
  public ExportView review(@PathParam("exportId") UUID exportId, @NotNull ReviewCommand body) {
    return reviews.review(principal.get(), exportId, body);
  }
}
