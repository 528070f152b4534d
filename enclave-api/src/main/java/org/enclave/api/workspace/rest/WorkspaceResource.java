package org.enclave.api.workspace.rest;

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
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.workspace.model.WorkspaceModels.CreateWorkspaceRequest;
import org.enclave.api.workspace.model.WorkspaceModels.WorkspaceResponse;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.service.WorkspaceService;

/**
 * Workspace lifecycle. Moves are {@code POST /{id}/start|stop|terminate}: a terminated workspace
 * stays listed as a record, so terminating is a move like the others rather than a {@code DELETE}.
 */
@Path(Api.V1 + "/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "workspaces")
public class WorkspaceResource {
  @Inject WorkspaceService service;
  @Inject CurrentPrincipal principal;

  @POST
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(operationId = "createWorkspace", summary = "Create a workspace for one of your teams")
  public Response create(@Valid @NotNull CreateWorkspaceRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(service.create(principal.get(), body))
        .build();
  }

  @GET
  @Authenticated
  @Operation(
      operationId = "listWorkspaces",
      summary = "Workspaces of your teams (stewards and admins: all), newest first")
  public List<WorkspaceResponse> list(
      @QueryParam("teamId") String teamId, @QueryParam("state") String state) {
    return service.list(principal.get(), uuid("teamId", teamId), state(state));
  }

  @GET
  @Path("/{workspaceId}")
  @Authenticated
  @Operation(operationId = "getWorkspace", summary = "One workspace and its state")
  public WorkspaceResponse get(@PathParam("workspaceId") UUID workspaceId) {
    return service.get(principal.get(), workspaceId);
  }

  @POST
  @Path("/{workspaceId}/start")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(
      operationId = "startWorkspace",
      summary = "Start the workspace; answers once it is ready, with fresh data credentials")
  public WorkspaceResponse start(@PathParam("workspaceId") UUID workspaceId) {
    return service.start(principal.get(), workspaceId);
  }

  @POST
  @Path("/{workspaceId}/stop")
  @RolesAllowed({Role.RESEARCHER_NAME, Role.STEWARD_NAME, Role.ADMIN_NAME})
  @Operation(
      operationId = "stopWorkspace",
      summary = "Stop the workspace: data access ends at once, the home is kept")
  public WorkspaceResponse stop(@PathParam("workspaceId") UUID workspaceId) {
    return service.stop(principal.get(), workspaceId);
  }

  @POST
  @Path("/{workspaceId}/terminate")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(
      operationId = "terminateWorkspace",
      summary = "Stop the workspace if it runs and wipe its home; the record stays")
  public WorkspaceResponse terminate(@PathParam("workspaceId") UUID workspaceId) {
    return service.terminate(principal.get(), workspaceId);
  }

  private static UUID uuid(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw invalid(field, "must be a UUID");
    }
  }

  private static WorkspaceState state(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return WorkspaceState.valueOf(value.trim());
    } catch (IllegalArgumentException e) {
      throw invalid(
          "state",
          "must be one of CREATED, STARTING, RUNNING, STOPPING, STOPPED, TERMINATED, FAILED");
    }
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        field + " " + message,
        List.of(new FieldError(field, message)));
  }
}
