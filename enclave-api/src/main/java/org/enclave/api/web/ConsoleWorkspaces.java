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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.governance.service.TeamService.Membership;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.workspace.model.WorkspaceModels.CreateWorkspaceRequest;
import org.enclave.api.workspace.model.WorkspaceModels.WorkspaceResponse;
import org.enclave.api.workspace.model.WorkspaceSize;
import org.enclave.api.workspace.model.WorkspaceState;
import org.enclave.api.workspace.service.WorkspaceService;

/**
 * The workspaces page: the caller's teams' workspaces (stewards and admins: all) and HTML forms
 * that create, start, stop and terminate them. Every form goes through {@link WorkspaceService},
 * with the same roles as the REST API, so the rules and the audit are the API's. After a change the
 * browser is sent back to the list (post, redirect, get); a refusal is shown on the page with what
 * the user typed.
 */
@Path(ConsoleWorkspaces.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleWorkspaces {
  public static final String PATH = "/console/workspaces";

  @Inject WorkspaceService workspaces;
  @Inject TeamService teams;
  @Inject CurrentPrincipal principal;
  @Inject FormErrors errors;

  /** What the create form holds, kept when a create is refused. */
  public record CreateForm(String team, String name, String size) {
    static final CreateForm EMPTY = new CreateForm("", "", WorkspaceSize.SMALL.json());
  }

  /** One row of the table, with the moves the workspace's state allows. */
  public record Row(
      UUID id,
      String name,
      String team,
      String size,
      String state,
      String stateReason,
      String startedBy,
      boolean running,
      boolean canStart,
      boolean canStop,
      boolean canTerminate) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(
        Paged<Row> workspaces,
        String q,
        boolean all,
        List<Membership> teams,
        List<String> sizes,
        CreateForm form,
        FormErrors.PageError error,
        String notice);
  }

  @GET
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance list(
      @QueryParam("done") String done,
      @QueryParam("workspace") String workspace,
      @QueryParam("q") String q,
      @QueryParam("page") String page) {
    return page(q, page, CreateForm.EMPTY, null, notice(done, workspace));
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(hidden = true)
  public Response create(
      @FormParam("team") String team,
      @FormParam("name") String name,
      @FormParam("size") String size) {
    CreateForm form = new CreateForm(blankIfNull(team), blankIfNull(name), blankIfNull(size));
    try {
      CreateWorkspaceRequest req =
          errors.validated(
              new CreateWorkspaceRequest(
                  FormErrors.uuid("team", form.team()),
                  form.name().strip(),
                  FormErrors.size(form.size())));
      WorkspaceResponse w = workspaces.create(principal.get(), req);
      return backToList("created", w.name());
    } catch (EnclaveException e) {
      return refused(e, form);
    }
  }

  @POST
  @Path("/{workspaceId}/start")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(hidden = true)
  public Response start(@PathParam("workspaceId") UUID workspaceId) {
    return move(workspaceId, "started", workspaces::start);
  }

  @POST
  @Path("/{workspaceId}/stop")
  @RolesAllowed({Role.RESEARCHER_NAME, Role.STEWARD_NAME, Role.ADMIN_NAME})
  @Operation(hidden = true)
  public Response stop(@PathParam("workspaceId") UUID workspaceId) {
    return move(workspaceId, "stopped", workspaces::stop);
  }

  @POST
  @Path("/{workspaceId}/terminate")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(hidden = true)
  public Response terminate(@PathParam("workspaceId") UUID workspaceId) {
    return move(workspaceId, "terminated", workspaces::terminate);
  }

  private Response move(
      UUID id, String done, BiFunction<EnclavePrincipal, UUID, WorkspaceResponse> serviceMove) {
    try {
      WorkspaceResponse w = serviceMove.apply(principal.get(), id);
      return backToList(done, w.name());
    } catch (EnclaveException e) {
      return refused(e, CreateForm.EMPTY);
    }
  }

  private Response refused(EnclaveException e, CreateForm form) {
    return FormErrors.refusal(e, page(null, null, form, FormErrors.of(e), null));
  }

  /** Post, redirect, get: a reload of the list never repeats the move. */
  private static Response backToList(String done, String name) {
    return Response.seeOther(
            URI.create(
                PATH
                    + "?done="
                    + done
                    + "&workspace="
                    + URLEncoder.encode(name, StandardCharsets.UTF_8)))
        .build();
  }

  /** The line that confirms the move the browser was sent back from, if it names one. */
  private static String notice(String done, String workspace) {
    if (workspace == null || done == null || !DONE.contains(done)) {
      return null;
    }
    return "Workspace " + workspace + " " + done + ".";
  }

  private static final Set<String> DONE = Set.of("created", "started", "stopped", "terminated");

  private TemplateInstance page(
      String q, String page, CreateForm form, FormErrors.PageError error, String notice) {
    EnclavePrincipal me = principal.get();
    List<Membership> mine =
        me.has(Role.RESEARCHER) ? teams.membershipsOf(me.username()) : List.of();
    Map<UUID, String> teamNames =
        teams.list(me).stream().collect(Collectors.toMap(t -> t.id(), t -> t.name(), (a, b) -> a));
    List<Row> rows =
        workspaces.list(me, null, null).stream()
            .map(w -> row(me, w, teamNames.getOrDefault(w.teamId(), w.teamId().toString())))
            .toList();
    return Templates.page(
        Paged.search(
            rows,
            q,
            r -> r.name() + " " + r.team() + " " + r.state() + " " + blankIfNull(r.startedBy()),
            page,
            ""),
        q == null ? "" : q.strip(),
        me.hasAny(Role.STEWARD, Role.ADMIN),
        mine,
        Arrays.stream(WorkspaceSize.values()).map(WorkspaceSize::json).toList(),
        form,
        error,
        notice);
  }

  private static Row row(EnclavePrincipal me, WorkspaceResponse w, String team) {
    WorkspaceState s = w.state();
    boolean researcher = me.has(Role.RESEARCHER);
    return new Row(
        w.id(),
        w.name(),
        team,
        w.size().json(),
        s.name(),
        w.stateReason(),
        w.startedBy(),
        s == WorkspaceState.RUNNING,
        researcher && s.canMoveTo(WorkspaceState.STARTING),
        me.hasAny(Role.RESEARCHER, Role.STEWARD, Role.ADMIN)
            && s.canMoveTo(WorkspaceState.STOPPING),
        researcher && s.canMoveTo(WorkspaceState.TERMINATED));
  }

  private static String blankIfNull(String s) {
    return s == null ? "" : s;
  }
}
