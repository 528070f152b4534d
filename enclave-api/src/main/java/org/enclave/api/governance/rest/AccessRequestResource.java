package org.enclave.api.governance.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.model.AccessModels.AccessRequestResponse;
import org.enclave.api.governance.model.AccessModels.ApproveRequest;
import org.enclave.api.governance.model.AccessModels.CreateAccessRequest;
import org.enclave.api.governance.model.AccessModels.DenyRequest;
import org.enclave.api.governance.persistence.AccessRequestEntity.Status;
import org.enclave.api.governance.service.AccessRequestService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/access-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "access requests")
public class AccessRequestResource {
  @Inject AccessRequestService service;
  @Inject CurrentPrincipal principal;

  @POST
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(
      operationId = "createAccessRequest",
      summary = "Request a dataset version for a team you lead")
  public Response create(@Valid @NotNull CreateAccessRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(service.create(principal.get(), body))
        .build();
  }

  @GET
  @Authenticated
  @Operation(
      operationId = "listAccessRequests",
      summary = "Requests the caller may see: their teams', or those for datasets they steward")
  public List<AccessRequestResponse> list(
      @QueryParam("status") Status status, @QueryParam("datasetId") UUID datasetId) {
    return service.list(principal.get(), status, datasetId);
  }

  @GET
  @Path("/{requestId}")
  @Authenticated
  @Operation(operationId = "getAccessRequest", summary = "One request")
  public AccessRequestResponse get(@PathParam("requestId") UUID requestId) {
    return service.get(principal.get(), requestId);
  }

  @POST
  @Path("/{requestId}/approve")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(
      operationId = "approveAccessRequest",
      summary = "Approve a pending request, creating a grant (expiry no later than requested)")
  public AccessRequestResponse approve(
      @PathParam("requestId") UUID requestId, @Valid ApproveRequest body) {
    return service.approve(principal.get(), requestId, body);
  }

  @POST
  @Path("/{requestId}/deny")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(operationId = "denyAccessRequest", summary = "Deny a pending request, with a reason")
  public AccessRequestResponse deny(
      @PathParam("requestId") UUID requestId, @Valid @NotNull DenyRequest body) {
    return service.deny(principal.get(), requestId, body);
  }
}
