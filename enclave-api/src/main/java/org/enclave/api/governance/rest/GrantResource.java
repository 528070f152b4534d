package org.enclave.api.governance.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import org.enclave.api.governance.model.AccessModels.GrantResponse;
import org.enclave.api.governance.model.AccessModels.RevokeGrantRequest;
import org.enclave.api.governance.service.GrantService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "grants")
public class GrantResource {
  @Inject GrantService service;
  @Inject CurrentPrincipal principal;

  @GET
  @Authenticated
  @Operation(operationId = "listGrants", summary = "Grants the caller may see")
  public List<GrantResponse> list(
      @QueryParam("datasetId") UUID datasetId,
      @QueryParam("active") @DefaultValue("false") boolean activeOnly) {
    return service.list(principal.get(), datasetId, activeOnly);
  }

  @GET
  @Path("/{grantId}")
  @Authenticated
  @Operation(operationId = "getGrant", summary = "One grant")
  public GrantResponse get(@PathParam("grantId") UUID grantId) {
    return service.get(principal.get(), grantId);
  }

  @POST
  @Path("/{grantId}/revoke")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(operationId = "revokeGrant", summary = "Revoke a grant now, with a reason")
  public GrantResponse revoke(
      @PathParam("grantId") UUID grantId, @Valid @NotNull RevokeGrantRequest body) {
    return service.revoke(principal.get(), grantId, body);
  }
}
