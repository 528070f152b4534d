package org.enclave.api.governance.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.enclave.api.governance.model.TeamModels.AddMemberRequest;
import org.enclave.api.governance.model.TeamModels.CreateTeamRequest;
import org.enclave.api.governance.model.TeamModels.TeamResponse;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "teams")
public class TeamResource {
  @Inject TeamService service;
  @Inject CurrentPrincipal principal;

  @POST
  @RolesAllowed({Role.ORGANIZER_NAME, Role.ADMIN_NAME})
  @Operation(operationId = "createTeam", summary = "Create a team with its lead and members")
  public Response create(@Valid @NotNull CreateTeamRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(service.create(principal.get(), body))
        .build();
  }

  @GET
  @Authenticated
  @Operation(operationId = "listTeams", summary = "Teams the caller may see")
  public List<TeamResponse> list() {
    return service.list(principal.get());
  }

  @GET
  @Path("/{teamId}")
  @Authenticated
  @Operation(operationId = "getTeam", summary = "One team with its members")
  public TeamResponse get(@PathParam("teamId") UUID teamId) {
    return service.get(principal.get(), teamId);
  }

  @POST
  @Path("/{teamId}/members")
  @RolesAllowed({Role.ORGANIZER_NAME, Role.ADMIN_NAME})
  @Operation(operationId = "addTeamMember", summary = "Add a member, or change whether they lead")
  public TeamResponse addMember(
      @PathParam("teamId") UUID teamId, @Valid @NotNull AddMemberRequest body) {
    return service.addMember(principal.get(), teamId, body);
  }

  @DELETE
  @Path("/{teamId}/members/{username}")
  @RolesAllowed({Role.ORGANIZER_NAME, Role.ADMIN_NAME})
  @Operation(operationId = "removeTeamMember", summary = "Remove a member from a team")
  public TeamResponse removeMember(
      @PathParam("teamId") UUID teamId, @PathParam("username") String username) {
    return service.removeMember(principal.get(), teamId, username);
  }
}
