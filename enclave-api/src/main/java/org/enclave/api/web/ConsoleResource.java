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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.export.service.ExportReviews;
import org.enclave.api.governance.model.AccessModels.AccessRequestResponse;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.persistence.AccessRequestEntity.Status;
import org.enclave.api.governance.service.AccessRequestService;
import org.enclave.api.governance.service.AgreementService;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.governance.service.TeamService.Membership;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.sharedtask.model.LeaderboardVisibility;
import org.enclave.api.sharedtask.model.TaskModels.PhaseResponse;
import org.enclave.api.sharedtask.model.TaskModels.TaskResponse;
import org.enclave.api.sharedtask.service.TaskService;

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
          "GET " + ConsoleTeams.PATH,
          "POST " + ConsoleTeams.PATH,
          "POST " + ConsoleTeams.PATH + "/{teamId}/members",
          "POST " + ConsoleTeams.PATH + "/{teamId}/members/{username}/remove",
          "GET " + ConsoleAccess.PATH,
          "POST " + ConsoleAccess.PATH + "/requests",
          "GET " + ConsoleAccess.PATH + "/datasets/{datasetId}/agreement",
          "POST " + ConsoleAccess.PATH + "/datasets/{datasetId}/agreement",
          "POST " + ConsoleAccess.PATH + "/requests/{requestId}/approve",
          "POST " + ConsoleAccess.PATH + "/requests/{requestId}/deny",
          "POST " + ConsoleAccess.PATH + "/grants/{grantId}/revoke",
          "GET " + ConsoleTasks.PATH,
          "POST " + ConsoleTasks.PATH,
          "GET " + ConsoleTasks.PATH + "/{taskId}",
          "POST " + ConsoleTasks.PATH + "/{taskId}/phases",
          "POST " + ConsoleTasks.PATH + "/{taskId}/phases/{phaseId}/reveal",
          "PUT " + ConsoleTasks.PATH + "/{taskId}/gold",
          "PUT " + ConsoleTasks.PATH + "/{taskId}/scoring-program",
          "PUT " + ConsoleTasks.PATH + "/{taskId}/baseline",
          "POST " + ConsoleTasks.PATH + "/{taskId}/rescore",
          "POST " + ConsoleTasks.PATH + "/{taskId}/submissions/{submissionId}/choose",
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
  @Inject AccessRequestService requests;
  @Inject DatasetService datasets;
  @Inject AgreementService agreements;
  @Inject ExportReviews exports;
  @Inject TaskService tasks;
  @Inject java.time.Clock clock;

  /** Something that waits for the signed-in user, and the page where they do it. */
  public record Todo(String text, String href) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance home(
        EnclavePrincipal me,
        List<Membership> teams,
        List<Todo> todo,
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
    List<Membership> mine = teams.membershipsOf(me.username());
    return Templates.home(
        me,
        mine,
        todo(me, mine),
        me.hasAny(Role.RESEARCHER, Role.STEWARD, Role.ADMIN),
        me.hasAny(Role.STEWARD, Role.ADMIN),
        ConsoleAudit.mayRead(me));
  }

  /**
   * What waits for the user, by role: a steward's pending access requests, a reviewer's export
   * requests, a researcher's agreements that hold up their team's request and requests returned to
   * their team.
   */
  private List<Todo> todo(EnclavePrincipal me, List<Membership> mine) {
    List<Todo> todo = new ArrayList<>();
    Map<UUID, DatasetResponse> byId = new HashMap<>();
    datasets.list().forEach(d -> byId.put(d.id(), d));
    List<AccessRequestResponse> pending = requests.list(me, Status.PENDING, null);
    if (me.has(Role.STEWARD)) {
      long decide =
          pending.stream()
              .filter(r -> byId.containsKey(r.datasetId()))
              .filter(r -> byId.get(r.datasetId()).stewards().contains(me.username()))
              .count();
      if (decide > 0) {
        todo.add(
            new Todo(
                decide
                    + " access request"
                    + (decide == 1 ? " waits" : "s wait")
                    + " for your decision",
                ConsoleAccess.PATH));
      }
    }
    if (me.hasAny(Role.OUTPUT_CHECKER, Role.STEWARD)) {
      long review =
          exports.list(me, "submitted", null).size() + exports.list(me, "in-review", null).size();
      if (review > 0) {
        todo.add(
            new Todo(
                review + " export request" + (review == 1 ? " waits" : "s wait") + " for review",
                ConsoleExports.PATH));
      }
    }
    if (me.has(Role.RESEARCHER)) {
      Set<UUID> myTeams = new HashSet<>();
      mine.forEach(m -> myTeams.add(m.teamId()));
      Set<UUID> asked = new TreeSet<>();
      pending.stream()
          .filter(r -> myTeams.contains(r.teamId()))
          .forEach(r -> asked.add(r.datasetId()));
      for (UUID datasetId : asked) {
        agreements
            .findCurrent(datasetId)
            .filter(
                a ->
                    !agreements
                        .acceptedByTeammates(me, datasetId, a.version())
                        .contains(me.username()))
            .ifPresent(
                a ->
                    todo.add(
                        new Todo(
                            "Accept the data use agreement of "
                                + byId.get(datasetId).name()
                                + ": your team's request waits for it",
                            ConsoleAccess.PATH + "/datasets/" + datasetId + "/agreement")));
      }
      long returned =
          exports.list(me, "returned", null).stream()
              .filter(x -> myTeams.contains(x.teamId()))
              .count();
      if (returned > 0) {
        todo.add(
            new Todo(
                returned
                    + " export request"
                    + (returned == 1 ? " was" : "s were")
                    + " returned to your team for changes",
                ConsoleExports.PATH));
      }
    }
    if (me.has(Role.ORGANIZER)) {
      todo.addAll(organizerTodo(me, clock.instant()));
    }
    return todo;
  }

  /**
   * An organizer's tasks that cannot run yet (no phase, no gold, no program) and hidden phases that
   * ended and wait to be revealed.
   */
  private List<Todo> organizerTodo(EnclavePrincipal me, java.time.Instant now) {
    List<Todo> todo = new ArrayList<>();
    for (TaskResponse t : tasks.list()) {
      if (!t.organizers().contains(me.username())) {
        continue;
      }
      String page = ConsoleTasks.PATH + "/" + t.id();
      if (t.phases().isEmpty()) {
        todo.add(new Todo("Add a phase to task " + t.name() + ": teams cannot submit yet", page));
      }
      if (!t.goldUploaded()) {
        todo.add(new Todo("Upload the gold labels of task " + t.name(), page));
      }
      if (Boolean.FALSE.equals(t.programUploaded())) {
        todo.add(new Todo("Upload the scoring program of task " + t.name(), page));
      }
      for (PhaseResponse p : t.phases()) {
        if (p.leaderboard() == LeaderboardVisibility.HIDDEN_UNTIL_REVEALED
            && p.revealedAt() == null
            && !now.isBefore(p.endsAt())) {
          todo.add(
              new Todo(
                  "Phase "
                      + p.name()
                      + " of task "
                      + t.name()
                      + " has ended: reveal its leaderboard",
                  page));
        }
      }
    }
    return todo;
  }
}
