package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.VersionResponse;
import org.enclave.api.governance.persistence.TeamMemberRepository;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.sharedtask.model.CountedSubmission;
import org.enclave.api.sharedtask.model.LeaderboardVisibility;
import org.enclave.api.sharedtask.model.SubmissionModels.LeaderboardEntry;
import org.enclave.api.sharedtask.model.SubmissionModels.LeaderboardResponse;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.model.TaskModels.CreatePhaseRequest;
import org.enclave.api.sharedtask.model.TaskModels.CreateTaskRequest;
import org.enclave.api.sharedtask.model.TaskModels.GoldResponse;
import org.enclave.api.sharedtask.model.TaskModels.GoldUploadResponse;
import org.enclave.api.sharedtask.model.TaskModels.MetricSuiteResponse;
import org.enclave.api.sharedtask.model.TaskModels.PhaseResponse;
import org.enclave.api.sharedtask.model.TaskModels.ProgramResponse;
import org.enclave.api.sharedtask.model.TaskModels.ProgramUploadResponse;
import org.enclave.api.sharedtask.model.TaskModels.RescoreRequest;
import org.enclave.api.sharedtask.model.TaskModels.ScoringRunResponse;
import org.enclave.api.sharedtask.model.TaskModels.TaskResponse;
import org.enclave.api.sharedtask.model.TieRule;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.service.GoldService;
import org.enclave.api.sharedtask.service.LeaderboardService;
import org.enclave.api.sharedtask.service.PhaseService;
import org.enclave.api.sharedtask.service.ProgramService;
import org.enclave.api.sharedtask.service.ScoringRuns;
import org.enclave.api.sharedtask.service.SubmissionQueries;
import org.enclave.api.sharedtask.service.SubmissionQueries.TeamQuota;
import org.enclave.api.sharedtask.service.SubmissionService;
import org.enclave.api.sharedtask.service.TaskService;

/**
 * Shared tasks, in the browser. Everyone signed in sees the tasks and their phases. A task's
 * organizers create it and its phases, upload the gold, the scoring program and the baseline (each
 * streamed with a progress bar), see every submission and scoring run, re-score and reveal
 * leaderboards. A team sees what it has left of each phase's limits, its own submissions with their
 * problems and scores, the leaderboards it may see, and chooses the submission that counts. Every
 * form calls the API's services, which authorize and audit as for the REST API.
 */
@Path(ConsoleTasks.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleTasks {
  public static final String PATH = "/console/tasks";

  @Inject TaskService tasks;
  @Inject PhaseService phases;
  @Inject LeaderboardService leaderboards;
  @Inject SubmissionQueries submissions;
  @Inject SubmissionService submitting;
  @Inject GoldService gold;
  @Inject ProgramService programs;
  @Inject ScoringRuns runs;
  @Inject DatasetService datasets;
  @Inject TeamMemberRepository members;
  @Inject CurrentPrincipal principal;
  @Inject FormErrors errors;
  @Inject java.time.Clock clock;

  /** What the create form holds, kept when it is refused. */
  public record TaskForm(
      String name,
      String title,
      String description,
      String version,
      String suite,
      String primaryMetric,
      String direction,
      String tieRule,
      String countedSubmission,
      String scoreDecimals) {
    static final TaskForm EMPTY =
        new TaskForm("", "", "", "", "clpsych2019", "", "", "SHARED_RANK", "LATEST", "");
  }

  /** What the phase form holds; times are the browser's local times in zone {@code tz}. */
  public record PhaseForm(
      String name,
      String startsAt,
      String endsAt,
      String dailyLimit,
      String totalLimit,
      String leaderboard) {
    static final PhaseForm EMPTY = new PhaseForm("", "", "", "", "", "VISIBLE");
  }

  /** A published dataset version a task can be built on: {@code datasetId/versionId}. */
  public record VersionChoice(String value, String label) {}

  /** One leaderboard row, marked when it is one of the reader's teams. */
  public record BoardRow(LeaderboardEntry entry, boolean mine) {}

  /**
   * A phase as the reader sees it: its leaderboard when the reader may see it (else why not), the
   * reader's teams' use of its limits, and whether the reader may reveal it now.
   */
  public record PhaseView(
      PhaseResponse phase,
      LeaderboardResponse board,
      List<BoardRow> rows,
      String hiddenBecause,
      List<TeamQuota> quotas,
      boolean revealable) {
    /** Which form a refusal belongs to. */
    public String formKey() {
      return "phase-" + phase.id();
    }
  }

  /** A submission row, with whether the reader may choose it as the one that counts. */
  public record SubmissionRow(SubmissionResponse submission, boolean choosable) {
    public String status() {
      return submission.score() == null ? "UNSCORED" : submission.score().status();
    }

    /** Which form a refusal belongs to. */
    public String formKey() {
      return "submission-" + submission.id();
    }
  }

  /** A choice of the submissions filter. */
  public record Choice(String value, String label, boolean selected) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        Paged<TaskResponse> tasks,
        String q,
        boolean organizer,
        TaskForm form,
        List<VersionChoice> versions,
        List<MetricSuiteResponse> suites,
        FormErrors.PageError error);

    static native TemplateInstance task(
        TaskResponse task,
        boolean organizes,
        boolean participant,
        List<PhaseView> phases,
        Paged<SubmissionRow> submissions,
        List<Choice> phaseChoices,
        List<Choice> teamChoices,
        List<Choice> statusChoices,
        List<GoldResponse> gold,
        List<ProgramResponse> programs,
        List<ScoringRunResponse> runs,
        PhaseForm phaseForm,
        FormErrors.PageError error,
        String errorFor,
        String notice);
  }

  @GET
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance list(@QueryParam("q") String q, @QueryParam("page") String page) {
    return listPage(q, page, TaskForm.EMPTY, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(hidden = true)
  public Response create(
      @FormParam("name") String name,
      @FormParam("title") String title,
      @FormParam("description") String description,
      @FormParam("version") String version,
      @FormParam("suite") String suite,
      @FormParam("primaryMetric") String primaryMetric,
      @FormParam("direction") String direction,
      @FormParam("tieRule") String tieRule,
      @FormParam("countedSubmission") String countedSubmission,
      @FormParam("scoreDecimals") String scoreDecimals) {
    TaskForm form =
        new TaskForm(
            blank(name),
            blank(title),
            blank(description),
            blank(version),
            blank(suite),
            blank(primaryMetric),
            blank(direction),
            blank(tieRule),
            blank(countedSubmission),
            blank(scoreDecimals));
    try {
      String[] ids = form.version().split("/", 2);
      if (ids.length != 2) {
        throw FormErrors.invalid("versionId", "must be one of the published versions offered");
      }
      TaskResponse t =
          tasks.create(
              principal.get(),
              errors.validated(
                  new CreateTaskRequest(
                      form.name().strip(),
                      form.title().strip(),
                      form.description().strip(),
                      FormErrors.uuid("datasetId", ids[0]),
                      FormErrors.uuid("versionId", ids[1]),
                      form.suite().strip(),
                      form.primaryMetric().isBlank() ? null : form.primaryMetric().strip(),
                      choice("direction", form.direction(), Direction.class),
                      choice("tieRule", form.tieRule(), TieRule.class),
                      choice(
                          "countedSubmission", form.countedSubmission(), CountedSubmission.class),
                      number("scoreDecimals", form.scoreDecimals()),
                      null,
                      null)));
      return done(t.id(), "created");
    } catch (EnclaveException e) {
      return FormErrors.refusal(e, listPage(null, null, form, FormErrors.of(e)));
    }
  }

  @GET
  @Path("/{taskId}")
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance task(
      @PathParam("taskId") UUID taskId,
      @QueryParam("done") String done,
      @QueryParam("phase") String phase,
      @QueryParam("team") String team,
      @QueryParam("status") String status,
      @QueryParam("page") String page) {
    return taskPage(
        taskId,
        new Filter(blank(phase), blank(team), blank(status), page),
        PhaseForm.EMPTY,
        null,
        null,
        done == null ? null : NOTICES.get(done));
  }

  @POST
  @Path("/{taskId}/phases")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(hidden = true)
  public Response createPhase(
      @PathParam("taskId") UUID taskId,
      @FormParam("name") String name,
      @FormParam("startsAt") String startsAt,
      @FormParam("endsAt") String endsAt,
      @FormParam("dailyLimit") String dailyLimit,
      @FormParam("totalLimit") String totalLimit,
      @FormParam("leaderboard") String leaderboard,
      @FormParam("tz") String tz) {
    PhaseForm form =
        new PhaseForm(
            blank(name),
            blank(startsAt),
            blank(endsAt),
            blank(dailyLimit),
            blank(totalLimit),
            blank(leaderboard));
    try {
      ZoneId zone = zone(tz);
      phases.create(
          principal.get(),
          taskId,
          errors.validated(
              new CreatePhaseRequest(
                  form.name().strip(),
                  instant("startsAt", form.startsAt(), zone),
                  instant("endsAt", form.endsAt(), zone),
                  number("dailyLimit", form.dailyLimit()),
                  number("totalLimit", form.totalLimit()),
                  choice("leaderboard", form.leaderboard(), LeaderboardVisibility.class))));
      return done(taskId, "phase");
    } catch (EnclaveException e) {
      return FormErrors.refusal(
          e, taskPage(taskId, Filter.NONE, form, FormErrors.of(e), "phase", null));
    }
  }

  @POST
  @Path("/{taskId}/phases/{phaseId}/reveal")
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(hidden = true)
  public Response reveal(@PathParam("taskId") UUID taskId, @PathParam("phaseId") UUID phaseId) {
    try {
      phases.reveal(principal.get(), taskId, phaseId);
      return done(taskId, "revealed");
    } catch (EnclaveException e) {
      return refused(taskId, e, "phase-" + phaseId);
    }
  }

  /** The gold labels, streamed (the page's upload script); answers the upload's record as JSON. */
  @PUT
  @Path("/{taskId}/gold")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Blocking
  @Operation(hidden = true)
  public GoldUploadResponse uploadGold(
      @PathParam("taskId") UUID taskId, @QueryParam("note") String note, InputStream body) {
    return gold.upload(principal.get(), taskId, note == null || note.isBlank() ? null : note, body);
  }

  /** The scoring program, streamed; answers the upload's record as JSON. */
  @PUT
  @Path("/{taskId}/scoring-program")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Blocking
  @Operation(hidden = true)
  public ProgramUploadResponse uploadProgram(
      @PathParam("taskId") UUID taskId,
      @QueryParam("kind") String kind,
      @QueryParam("name") String name,
      @QueryParam("timeLimitSeconds") String timeLimitSeconds,
      @QueryParam("memoryMiB") String memoryMiB,
      @QueryParam("note") String note,
      InputStream body) {
    return programs.upload(
        principal.get(),
        taskId,
        new ProgramService.Upload(
            nullIfBlank(kind),
            nullIfBlank(name),
            nullIfBlank(timeLimitSeconds),
            nullIfBlank(memoryMiB),
            nullIfBlank(note)),
        body);
  }

  /** The baseline submission, streamed; answers the submission as JSON. */
  @PUT
  @Path("/{taskId}/baseline")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Blocking
  @Operation(hidden = true)
  public SubmissionResponse uploadBaseline(
      @PathParam("taskId") UUID taskId,
      @QueryParam("format") String format,
      @QueryParam("name") String name,
      InputStream body) {
    return submitting.uploadBaseline(
        principal.get(),
        taskId,
        nullIfBlank(format),
        name == null || name.isBlank() ? "baseline" : name,
        body);
  }

  @POST
  @Path("/{taskId}/rescore")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(hidden = true)
  public Response rescore(@PathParam("taskId") UUID taskId, @FormParam("reason") String reason) {
    try {
      runs.rescore(
          principal.get(),
          taskId,
          errors.validated(new RescoreRequest(blank(reason).strip())).reason());
      return done(taskId, "rescored");
    } catch (EnclaveException e) {
      return refused(taskId, e, "rescore");
    }
  }

  @POST
  @Path("/{taskId}/submissions/{submissionId}/choose")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(hidden = true)
  public Response choose(
      @PathParam("taskId") UUID taskId, @PathParam("submissionId") UUID submissionId) {
    try {
      submissions.choose(principal.get(), taskId, submissionId);
      return done(taskId, "chosen");
    } catch (EnclaveException e) {
      return refused(taskId, e, "submission-" + submissionId);
    }
  }

  private static final Map<String, String> NOTICES =
      Map.of(
          "created",
              "The task is created: add a phase, upload the gold labels, then tell the teams its"
                  + " name.",
          "phase", "The phase is added.",
          "revealed", "The phase's leaderboard and scores are revealed to the teams.",
          "rescored", "Every submission is re-scored in a new scoring run.",
          "chosen", "That submission now counts for your team in its phase.");

  /** The submissions filter: phase, team and status, and the page. */
  private record Filter(String phase, String team, String status, String page) {
    static final Filter NONE = new Filter("", "", "", null);

    String query() {
      StringBuilder q = new StringBuilder();
      append(q, "phase", phase);
      append(q, "team", team);
      append(q, "status", status);
      return q.toString();
    }

    boolean keeps(SubmissionResponse s, String shownStatus) {
      return (phase.isEmpty() || String.valueOf(s.phaseId()).equals(phase))
          && (team.isEmpty() || String.valueOf(s.teamId()).equals(team))
          && (status.isEmpty() || shownStatus.equals(status));
    }

    private static void append(StringBuilder q, String key, String value) {
      if (!value.isEmpty()) {
        q.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        q.append('&');
      }
    }
  }

  private TemplateInstance listPage(
      String q, String page, TaskForm form, FormErrors.PageError error) {
    EnclavePrincipal me = principal.get();
    String needle = blank(q).strip();
    boolean organizer = me.has(Role.ORGANIZER);
    return Templates.list(
        Paged.search(tasks.list(), needle, t -> t.name() + " " + t.title(), page, ""),
        needle,
        organizer,
        form,
        organizer ? versionChoices() : List.of(),
        organizer ? tasks.suites() : List.of(),
        error);
  }

  private List<VersionChoice> versionChoices() {
    List<VersionChoice> out = new ArrayList<>();
    for (DatasetResponse d : datasets.list()) {
      for (VersionResponse v : datasets.listVersions(d.id())) {
        if ("PUBLISHED".equals(v.state())) {
          out.add(new VersionChoice(d.id() + "/" + v.id(), d.name() + " " + v.label()));
        }
      }
    }
    return out;
  }

  private TemplateInstance taskPage(
      UUID taskId,
      Filter filter,
      PhaseForm phaseForm,
      FormErrors.PageError error,
      String errorFor,
      String notice) {
    EnclavePrincipal me = principal.get();
    TaskResponse task = tasks.get(taskId);
    boolean organizes = me.has(Role.ORGANIZER) && task.organizers().contains(me.username());
    Set<UUID> myTeams = new HashSet<>(members.teamIdsOf(me.username()));
    List<TeamQuota> quotas = organizes ? List.of() : submissions.quotasOfMine(me, taskId);
    List<SubmissionResponse> all = submissions.list(me, taskId, null);
    boolean participant = !organizes && (!quotas.isEmpty() || !all.isEmpty());
    Instant now = clock.instant();

    List<PhaseView> views = new ArrayList<>();
    for (PhaseResponse p : task.phases()) {
      String hidden = hiddenBecause(p, organizes, participant);
      LeaderboardResponse board = hidden == null ? leaderboards.get(me, taskId, p.id()) : null;
      List<BoardRow> rows =
          board == null
              ? List.of()
              : board.entries().stream()
                  .map(e -> new BoardRow(e, e.teamId() != null && myTeams.contains(e.teamId())))
                  .toList();
      views.add(
          new PhaseView(
              p,
              board,
              rows,
              hidden,
              quotas.stream().filter(q -> q.phaseId().equals(p.id())).toList(),
              organizes
                  && p.leaderboard() == LeaderboardVisibility.HIDDEN_UNTIL_REVEALED
                  && p.revealedAt() == null));
    }

    boolean teamsChoose = task.countedSubmission() == CountedSubmission.TEAM_CHOICE;
    List<SubmissionRow> rows = new ArrayList<>();
    for (SubmissionResponse s : all) {
      SubmissionRow row =
          new SubmissionRow(
              s,
              teamsChoose
                  && me.has(Role.RESEARCHER)
                  && !s.baseline()
                  && !s.chosen()
                  && s.teamId() != null
                  && myTeams.contains(s.teamId())
                  && phaseOpen(task, s.phaseId(), now));
      if (filter.keeps(s, row.status())) {
        rows.add(row);
      }
    }
    return Templates.task(
        task,
        organizes,
        participant,
        views,
        Paged.of(rows, filter.page(), filter.query()),
        task.phases().stream()
            .map(
                p ->
                    new Choice(
                        p.id().toString(), p.name(), p.id().toString().equals(filter.phase())))
            .toList(),
        teamChoices(all, filter.team()),
        List.of("SCORED", "FAILED", "WITHHELD", "UNSCORED").stream()
            .map(s -> new Choice(s, s.toLowerCase(Locale.ROOT), s.equals(filter.status())))
            .toList(),
        organizes ? gold.list(me, taskId) : List.of(),
        organizes && task.programUploaded() != null ? programs.list(me, taskId) : List.of(),
        organizes ? runs.list(me, taskId) : List.of(),
        phaseForm,
        error,
        errorFor,
        notice);
  }

  /** The teams that sent any of the submissions, in the order of their ids. */
  private static List<Choice> teamChoices(List<SubmissionResponse> all, String selected) {
    java.util.TreeMap<String, String> teams = new java.util.TreeMap<>();
    all.stream()
        .filter(s -> s.teamId() != null)
        .forEach(s -> teams.putIfAbsent(s.teamId().toString(), s.teamName()));
    return teams.entrySet().stream()
        .map(t -> new Choice(t.getKey(), t.getValue(), t.getKey().equals(selected)))
        .toList();
  }

  /**
   * Why the reader does not see the phase's leaderboard, or null when they do: the same rule the
   * service enforces, checked first so that a page view does not record a refusal per phase.
   */
  private static String hiddenBecause(PhaseResponse p, boolean organizes, boolean participant) {
    if (organizes) {
      return null;
    }
    if (p.leaderboard() == LeaderboardVisibility.ORGANIZERS_ONLY) {
      return "Only the organizers see this phase's leaderboard.";
    }
    if (p.leaderboard() == LeaderboardVisibility.HIDDEN_UNTIL_REVEALED && p.revealedAt() == null) {
      return "The leaderboard is hidden until the organizers reveal it.";
    }
    return participant ? null : "Only teams granted the task's data see its leaderboard.";
  }

  private static boolean phaseOpen(TaskResponse task, UUID phaseId, Instant now) {
    return task.phases().stream().anyMatch(p -> p.id().equals(phaseId) && now.isBefore(p.endsAt()));
  }

  private Response refused(UUID taskId, EnclaveException e, String errorFor) {
    return FormErrors.refusal(
        e, taskPage(taskId, Filter.NONE, PhaseForm.EMPTY, FormErrors.of(e), errorFor, null));
  }

  private static Response done(UUID taskId, String what) {
    return Response.seeOther(URI.create(PATH + "/" + taskId + "?done=" + what)).build();
  }

  /** The browser's zone (IANA name, sent by the page's script); UTC when absent or unknown. */
  static ZoneId zone(String tz) {
    if (tz == null || tz.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(tz.strip());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  static Instant instant(String field, String value, ZoneId zone) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw FormErrors.invalid(field, "must be a date and time, like 2027-03-01T09:00");
    }
  }

  static Integer number(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw FormErrors.invalid(field, "must be a whole number, or empty for none");
    }
  }

  static <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip());
    } catch (IllegalArgumentException e) {
      throw FormErrors.invalid(field, "must be one of the choices offered");
    }
  }

  private static String nullIfBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }
}
