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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.model.AgreementModels.AcceptanceResponse;
import org.enclave.api.governance.model.AgreementModels.AgreementResponse;
import org.enclave.api.governance.model.AgreementModels.PublishAgreementRequest;
import org.enclave.api.governance.service.AgreementService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/datasets/{datasetId}/agreements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "data use agreements")
public class AgreementResource {
  @Inject AgreementService service;
  @Inject CurrentPrincipal principal;

  @POST
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(
      operationId = "publishAgreement",
      summary = "Publish a new version of the data use agreement; it becomes the current one")
  public Response publish(
      @PathParam("datasetId") UUID datasetId, @Valid @NotNull PublishAgreementRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(service.publish(principal.get(), datasetId, body))
        .build();
  }

  @GET
  @Authenticated
  @Operation(operationId = "listAgreements", summary = "Every version of the agreement")
  public List<AgreementResponse> list(@PathParam("datasetId") UUID datasetId) {
    return service.list(datasetId);
  }

  @GET
  @Path("/current")
  @Authenticated
  @Operation(operationId = "getCurrentAgreement", summary = "The version members must accept")
  public AgreementResponse current(@PathParam("datasetId") UUID datasetId) {
    return service.current(datasetId);
  }

  @POST
  @Path("/{version}/acceptances")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(
      operationId = "acceptAgreement",
      summary =
          "Accept the current version as the caller (who, which version and when are recorded)")
  public AcceptanceResponse accept(
      @PathParam("datasetId") UUID datasetId, @PathParam("version") int version) {
    return service.accept(principal.get(), datasetId, version);
  }

  @GET
  @Path("/{version}/acceptances")
  @RolesAllowed({Role.STEWARD_NAME, Role.ADMIN_NAME, Role.AUDITOR_NAME})
  @Operation(operationId = "listAgreementAcceptances", summary = "Who accepted a version, and when")
  public List<AcceptanceResponse> acceptances(
      @PathParam("datasetId") UUID datasetId, @PathParam("version") int version) {
    return service.acceptances(principal.get(), datasetId, version);
  }
}
