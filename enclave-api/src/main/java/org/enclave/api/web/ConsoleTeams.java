package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.governance.model.TeamModels.AddMemberRequest;
import org.enclave.api.governance.model.TeamModels.CreateTeamRequest;
import org.enclave.api.governance.model.TeamModels.TeamResponse;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;

/**
 * Teams, in the browser: everyone sees the teams they may see (their own; organizers, stewards,
 * admins and auditors all); organizers and admins create teams and add or remove members, through
 * the API's service.
 */
@Path(ConsoleTeams.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleTeams {
  public static final String PATH = "/console/teams";

  @Inject TeamService teams;
  @Inject CurrentPrincipal principal;
  @Inject FormErrors errors;

  /** What the create form holds, kept when it is refused. */
  public record TeamForm(String name, String displayName, String lead, String members) {
    static final TeamForm EMPTY = new TeamForm("", "", "", "");
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(
        Paged<TeamResponse> teams,
        String q,
        boolean organizes,
        TeamForm form,
        FormErrors.PageError error,
        String errorFor,
        String notice);
  }

  @GET
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance page(
      @QueryParam("done") String done, @QueryParam("q") String q, @QueryParam("page") String page) {
    return page(q, page, TeamForm.EMPTY, null, null, done == null ? null : NOTICES.get(done));
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed({Role.ORGANIZER_NAME, Role.ADMIN_NAME})
  @Operation(hidden = true)
  public Response create(
      @FormParam("name") String name,
      @FormParam("displayName") String displayName,
      @FormParam("lead") String lead,
      @FormParam("members") String members) {
    TeamForm form = new TeamForm(blank(name), blank(displayName), blank(lead), blank(members));
    try {
      teams.create(
          principal.get(),
          errors.validated(
              new CreateTeamRequest(
                  form.name().strip(),
                  form.displayName().strip(),
                  form.lead().strip(),
                  Arrays.stream(form.members().split("[,\\s]+"))
                      .filter(s -> !s.isBlank())
                      .toList())));
      return done("created", form.name().strip());
    } catch (EnclaveException e) {
      return refused(e, form, "create");
    }
  }

  @POST
  @Path("/{teamId}/members")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed({Role.ORGANIZER_NAME, Role.ADMIN_NAME})
  @Operation(hidden = true)
  public Response add(
      @PathParam("teamId") UUID teamId,
      @FormParam("username") String username,
      @FormParam("lead") String lead) {
    try {
      teams.addMember(
          principal.get(),
          teamId,
          errors.validated(new AddMemberRequest(blank(username).strip(), "on".equals(lead))));
      return done("added", teamName(teamId));
    } catch (EnclaveException e) {
      return refused(e, TeamForm.EMPTY, teamId.toString());
    }
  }

  @POST
  @Path("/{teamId}/members/{username}/remove")
  @RolesAllowed({Role.ORGANIZER_NAME, Role.ADMIN_NAME})
  @Operation(hidden = true)
  public Response remove(@PathParam("teamId") UUID teamId, @PathParam("username") String username) {
    try {
      teams.removeMember(principal.get(), teamId, username);
      return done("removed", teamName(teamId));
    } catch (EnclaveException e) {
      return refused(e, TeamForm.EMPTY, teamId.toString());
    }
  }

  private static final Map<String, String> NOTICES =
      Map.of(
          "created", "The team is created.",
          "added", "The member is added.",
          "removed", "The member is removed from the team.");

  /** Back to the page, showing the team the change was about. */
  private static Response done(String what, String team) {
    return Response.seeOther(
            URI.create(
                PATH
                    + "?done="
                    + what
                    + "&q="
                    + java.net.URLEncoder.encode(team, java.nio.charset.StandardCharsets.UTF_8)))
        .build();
  }

  private String teamName(UUID teamId) {
    return teams.list(principal.get()).stream()
        .filter(t -> t.id().equals(teamId))
        .map(TeamResponse::name)
        .findFirst()
        .orElse("");
  }

  private Response refused(EnclaveException e, TeamForm form, String errorFor) {
    return FormErrors.refusal(e, page(null, null, form, FormErrors.of(e), errorFor, null));
  }

  private TemplateInstance page(
      String q,
      String page,
      TeamForm form,
      FormErrors.PageError error,
      String errorFor,
      String notice) {
    EnclavePrincipal me = principal.get();
    return Templates.page(
        Paged.search(teams.list(me), q, ConsoleTeams::text, page, ""),
        q == null ? "" : q.strip(),
        me.hasAny(Role.ORGANIZER, Role.ADMIN),
        form,
        error,
        errorFor,
        notice);
  }

  /** What the team filter looks in: the name, display name and members. */
  private static String text(TeamResponse t) {
    StringBuilder b = new StringBuilder(t.name());
    if (t.displayName() != null) {
      b.append(' ').append(t.displayName());
    }
    t.members().forEach(m -> b.append(' ').append(m.username()));
    return b.toString();
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }
}
