package org.enclave.api.governance.rest;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;

@Path(Api.V1 + "/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identity")
public class MeResource {
  @Inject CurrentPrincipal principal;
  @Inject TeamService teams;

  public record TeamMembership(UUID teamId, String name, boolean lead) {}

  public record MeResponse(
      String username, String displayName, List<String> roles, List<TeamMembership> teams) {}

  @GET
  @Authenticated
  @Operation(operationId = "getMe", summary = "The caller: user name, roles and teams")
  public MeResponse me() {
    EnclavePrincipal p = principal.get();
    List<TeamMembership> memberships =
        teams.membershipsOf(p.username()).stream()
            .map(m -> new TeamMembership(m.teamId(), m.name(), m.lead()))
            .toList();
    return new MeResponse(p.username(), p.displayName(), p.roleNames(), memberships);
  }
}
