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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.governance.model.AccessModels.AccessRequestResponse;
import org.enclave.api.governance.model.AccessModels.ApproveRequest;
import org.enclave.api.governance.model.AccessModels.CreateAccessRequest;
import org.enclave.api.governance.model.AccessModels.DenyRequest;
import org.enclave.api.governance.model.AccessModels.GrantResponse;
import org.enclave.api.governance.model.AccessModels.RevokeGrantRequest;
import org.enclave.api.governance.model.AgreementModels.AgreementResponse;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.VersionResponse;
import org.enclave.api.governance.model.TeamModels.MemberResponse;
import org.enclave.api.governance.model.TeamModels.TeamResponse;
import org.enclave.api.governance.service.AccessRequestService;
import org.enclave.api.governance.service.AgreementService;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.governance.service.GrantService;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.governance.service.TeamService.Membership;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;

/**
 * Access to datasets, in the browser. Researchers see their teams, the catalog with their teams'
 * access to each published version, ask for access and accept a dataset's data use agreement;
 * stewards see the requests waiting for them with who in the team accepted the agreement, approve
 * (with an expiry) or deny (with a reason), and revoke active grants. Every form calls the same
 * service as the REST API, so the roles, the checks and the audit are the API's.
 */
@Path(ConsoleAccess.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleAccess {
  public static final String PATH = "/console/access";

  @Inject TeamService teams;
  @Inject DatasetService datasets;
  @Inject AccessRequestService requests;
  @Inject AgreementService agreements;
  @Inject GrantService grants;
  @Inject CurrentPrincipal principal;
  @Inject FormErrors errors;
  @Inject Clock clock;

  /** What the request form holds, kept when a request is refused. */
  public record RequestForm(
      String team, String version, String purpose, String ethicsReference, String durationDays) {
    static final RequestForm EMPTY = new RequestForm("", "", "", "", "90");
  }

  /** A team of the caller with its members. */
  public record TeamView(UUID id, String name, List<MemberResponse> members) {}

  /** A published version and, per team of the caller, where its access stands. */
  public record VersionRow(
      UUID datasetId,
      UUID versionId,
      String dataset,
      String label,
      int files,
      long bytes,
      Instant publishedAt,
      List<AccessStatus> teams) {
    /** The value of the request form's version choice. */
    public String key() {
      return datasetId + "/" + versionId;
    }
  }

  /** One team's access to one version: a word for the state and what it rests on. */
  public record AccessStatus(String team, String state, String detail, Instant until) {}

  /** A dataset's agreement and whether the caller accepted it. */
  public record AgreementRow(UUID datasetId, String dataset, int version, boolean accepted) {}

  /** A pending request, for its stewards. */
  public record PendingRow(
      UUID id,
      String team,
      String dataset,
      String version,
      String purpose,
      String ethicsReference,
      int durationDays,
      String requestedBy,
      Instant requestedAt,
      List<String> accepted,
      List<String> notAccepted,
      String latestExpiry) {
    /** Which form a refusal belongs to, so its message shows next to it. */
    public String formKey() {
      return "request-" + id;
    }
  }

  /** An active grant, for its stewards. */
  public record GrantRow(
      UUID id,
      String team,
      String dataset,
      String version,
      String grantedBy,
      Instant grantedAt,
      Instant expiresAt) {
    public String formKey() {
      return "grant-" + id;
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(
        List<TeamView> teams,
        Paged<VersionRow> catalog,
        List<VersionRow> choices,
        String q,
        List<AgreementRow> agreements,
        boolean researcher,
        boolean steward,
        List<PendingRow> pending,
        List<GrantRow> grants,
        RequestForm form,
        FormErrors.PageError error,
        String errorFor,
        String notice);

    static native TemplateInstance agreement(
        DatasetResponse dataset,
        AgreementResponse agreement,
        boolean researcher,
        boolean accepted,
        List<TeamAcceptance> teams,
        FormErrors.PageError error);
  }

  /** A team of the caller: who of its members accepted the agreement. */
  public record TeamAcceptance(String team, List<String> accepted, List<String> notAccepted) {}

  @GET
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance page(
      @QueryParam("done") String done, @QueryParam("q") String q, @QueryParam("page") String page) {
    return page(q, page, RequestForm.EMPTY, null, null, done == null ? null : NOTICES.get(done));
  }

  @POST
  @Path("/requests")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(hidden = true)
  public Response request(
      @FormParam("team") String team,
      @FormParam("version") String version,
      @FormParam("purpose") String purpose,
      @FormParam("ethicsReference") String ethicsReference,
      @FormParam("durationDays") String durationDays) {
    RequestForm form =
        new RequestForm(
            blank(team),
            blank(version),
            blank(purpose),
            blank(ethicsReference),
            blank(durationDays));
    try {
      String[] datasetAndVersion = form.version().split("/", 2);
      UUID datasetId = FormErrors.uuid("version", datasetAndVersion[0]);
      UUID versionId =
          datasetAndVersion.length == 2 ? FormErrors.uuid("version", datasetAndVersion[1]) : null;
      CreateAccessRequest req =
          errors.validated(
              new CreateAccessRequest(
                  FormErrors.uuid("team", form.team()),
                  datasetId,
                  versionId,
                  form.purpose().strip(),
                  form.ethicsReference().strip(),
                  days(form.durationDays())));
      requests.create(principal.get(), req);
      return done("requested");
    } catch (EnclaveException e) {
      return refused(e, form, "request");
    }
  }

  @GET
  @Path("/datasets/{datasetId}/agreement")
  @Authenticated
  @Operation(hidden = true)
  public TemplateInstance agreement(@PathParam("datasetId") UUID datasetId) {
    return agreementPage(datasetId, null);
  }

  @POST
  @Path("/datasets/{datasetId}/agreement")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(hidden = true)
  public Response accept(
      @PathParam("datasetId") UUID datasetId, @FormParam("version") String version) {
    try {
      agreements.accept(principal.get(), datasetId, version(version));
      return done("accepted");
    } catch (EnclaveException e) {
      return FormErrors.refusal(e, agreementPage(datasetId, FormErrors.of(e)));
    }
  }

  @POST
  @Path("/requests/{requestId}/approve")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response approve(
      @PathParam("requestId") UUID requestId,
      @FormParam("expires") String expires,
      @FormParam("note") String note) {
    try {
      ApproveRequest body =
          errors.validated(new ApproveRequest(endOfDay(expires), blankToNull(note)));
      requests.approve(principal.get(), requestId, body);
      return done("approved");
    } catch (EnclaveException e) {
      return refused(e, RequestForm.EMPTY, "request-" + requestId);
    }
  }

  @POST
  @Path("/requests/{requestId}/deny")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response deny(@PathParam("requestId") UUID requestId, @FormParam("reason") String reason) {
    try {
      requests.deny(
          principal.get(), requestId, errors.validated(new DenyRequest(blank(reason).strip())));
      return done("denied");
    } catch (EnclaveException e) {
      return refused(e, RequestForm.EMPTY, "request-" + requestId);
    }
  }

  @POST
  @Path("/grants/{grantId}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(hidden = true)
  public Response revoke(@PathParam("grantId") UUID grantId, @FormParam("reason") String reason) {
    try {
      grants.revoke(
          principal.get(),
          grantId,
          errors.validated(new RevokeGrantRequest(blank(reason).strip())));
      return done("revoked");
    } catch (EnclaveException e) {
      return refused(e, RequestForm.EMPTY, "grant-" + grantId);
    }
  }

  private static final Map<String, String> NOTICES =
      Map.of(
          "requested", "Your request is sent to the dataset's stewards.",
          "accepted", "Your acceptance of the agreement is recorded.",
          "approved", "The request is approved: the team can read the version now.",
          "denied", "The request is denied; the team sees your reason.",
          "revoked", "The grant is revoked: the team's next read is refused.");

  /** Post, redirect, get: a reload never repeats the change. */
  private static Response done(String what) {
    return Response.seeOther(URI.create(PATH + "?done=" + what)).build();
  }

  private Response refused(EnclaveException e, RequestForm form, String errorFor) {
    return FormErrors.refusal(e, page(null, null, form, FormErrors.of(e), errorFor, null));
  }

  private TemplateInstance page(
      String q,
      String page,
      RequestForm form,
      FormErrors.PageError error,
      String errorFor,
      String notice) {
    EnclavePrincipal me = principal.get();
    boolean researcher = me.has(Role.RESEARCHER);
    boolean steward = me.has(Role.STEWARD);
    Map<UUID, TeamResponse> allTeams =
        teams.list(me).stream().collect(Collectors.toMap(TeamResponse::id, Function.identity()));
    List<Membership> mine = researcher ? teams.membershipsOf(me.username()) : List.of();
    List<TeamView> myTeams =
        mine.stream()
            .map(m -> new TeamView(m.teamId(), m.name(), membersOf(allTeams.get(m.teamId()))))
            .toList();
    List<DatasetResponse> all = datasets.list();
    Map<UUID, DatasetResponse> byId =
        all.stream().collect(Collectors.toMap(DatasetResponse::id, Function.identity()));
    Map<UUID, VersionResponse> versions = new java.util.HashMap<>();
    List<AccessRequestResponse> visible = requests.list(me, null, null);
    List<GrantResponse> visibleGrants = grants.list(me, null, false);
    Instant now = Instant.now(clock);

    List<VersionRow> catalog = new ArrayList<>();
    List<AgreementRow> agreementRows = new ArrayList<>();
    for (DatasetResponse d : all) {
      for (VersionResponse v : datasets.listVersions(d.id())) {
        versions.put(v.id(), v);
        if (!"PUBLISHED".equals(v.state())) {
          continue;
        }
        List<AccessStatus> statuses =
            myTeams.stream().map(t -> status(t, v, visible, visibleGrants, now)).toList();
        catalog.add(
            new VersionRow(
                d.id(),
                v.id(),
                d.name(),
                v.label(),
                v.fileCount(),
                v.totalBytes(),
                v.publishedAt(),
                statuses));
      }
      if (researcher) {
        currentAgreement(d.id())
            .ifPresent(
                a ->
                    agreementRows.add(
                        new AgreementRow(
                            d.id(),
                            d.name(),
                            a.version(),
                            teammatesWhoAccepted(me, a).contains(me.username()))));
      }
    }

    List<PendingRow> pending = new ArrayList<>();
    List<GrantRow> active = new ArrayList<>();
    if (steward) {
      for (AccessRequestResponse r : visible) {
        DatasetResponse d = byId.get(r.datasetId());
        if (!"PENDING".equals(r.status()) || !decides(me, d)) {
          continue;
        }
        List<String> members =
            membersOf(allTeams.get(r.teamId())).stream().map(MemberResponse::username).toList();
        Set<String> accepted =
            currentAgreement(r.datasetId()).map(a -> everyoneWhoAccepted(me, a)).orElse(Set.of());
        pending.add(
            new PendingRow(
                r.id(),
                teamName(allTeams, r.teamId()),
                d.name(),
                label(versions, r.versionId()),
                r.purpose(),
                r.ethicsReference(),
                r.durationDays(),
                r.requestedBy(),
                r.requestedAt(),
                members.stream().filter(accepted::contains).toList(),
                members.stream().filter(u -> !accepted.contains(u)).toList(),
                LocalDate.ofInstant(now.plus(Duration.ofDays(r.durationDays())), ZoneOffset.UTC)
                    .toString()));
      }
      for (GrantResponse g : visibleGrants) {
        DatasetResponse d = byId.get(g.datasetId());
        if (!g.active() || !decides(me, d)) {
          continue;
        }
        active.add(
            new GrantRow(
                g.id(),
                teamName(allTeams, g.teamId()),
                d.name(),
                label(versions, g.versionId()),
                g.grantedBy(),
                g.grantedAt(),
                g.expiresAt()));
      }
      pending.sort(Comparator.comparing(PendingRow::requestedAt));
    }
    // The versions the reader's teams asked for or hold come first; then the rest by name.
    List<VersionRow> yoursFirst = new ArrayList<>(catalog);
    yoursFirst.sort(
        Comparator.comparing(
            (VersionRow v) -> v.teams().stream().allMatch(t -> "none".equals(t.state()))));
    String needle = q == null ? "" : q.strip();
    java.util.function.Function<PendingRow, String> pendingText =
        r -> r.team() + " " + r.dataset() + " " + r.requestedBy() + " " + r.purpose();
    return Templates.page(
        myTeams,
        Paged.search(yoursFirst, needle, v -> v.dataset() + " " + v.label(), page, ""),
        catalog,
        needle,
        agreementRows,
        researcher,
        steward,
        Paged.search(pending, needle, pendingText, null, "").items(),
        Paged.search(active, needle, g -> g.team() + " " + g.dataset(), null, "").items(),
        form,
        error,
        errorFor,
        notice);
  }

  private TemplateInstance agreementPage(UUID datasetId, FormErrors.PageError error) {
    EnclavePrincipal me = principal.get();
    DatasetResponse d = datasets.get(datasetId);
    AgreementResponse a = agreements.current(datasetId);
    boolean researcher = me.has(Role.RESEARCHER);
    Set<String> accepted = researcher ? teammatesWhoAccepted(me, a) : Set.of();
    Map<UUID, TeamResponse> allTeams =
        teams.list(me).stream().collect(Collectors.toMap(TeamResponse::id, Function.identity()));
    List<TeamAcceptance> mine = new ArrayList<>();
    if (researcher) {
      for (Membership m : teams.membershipsOf(me.username())) {
        List<String> members =
            membersOf(allTeams.get(m.teamId())).stream().map(MemberResponse::username).toList();
        mine.add(
            new TeamAcceptance(
                m.name(),
                members.stream().filter(accepted::contains).toList(),
                members.stream().filter(u -> !accepted.contains(u)).toList()));
      }
    }
    return Templates.agreement(d, a, researcher, accepted.contains(me.username()), mine, error);
  }

  /** Who of the caller's teammates accepted an agreement (all a researcher may know). */
  private Set<String> teammatesWhoAccepted(EnclavePrincipal me, AgreementResponse a) {
    return agreements.acceptedByTeammates(me, a.datasetId(), a.version());
  }

  /** Who accepted an agreement, for a steward of its dataset. */
  private Set<String> everyoneWhoAccepted(EnclavePrincipal me, AgreementResponse a) {
    return agreements.acceptances(me, a.datasetId(), a.version()).stream()
        .map(x -> x.username())
        .collect(Collectors.toSet());
  }

  private Optional<AgreementResponse> currentAgreement(UUID datasetId) {
    return agreements.findCurrent(datasetId);
  }

  private static AccessStatus status(
      TeamView team,
      VersionResponse v,
      List<AccessRequestResponse> requests,
      List<GrantResponse> grants,
      Instant now) {
    Optional<GrantResponse> grant =
        grants.stream()
            .filter(g -> g.teamId().equals(team.id()) && g.versionId().equals(v.id()))
            .max(Comparator.comparing(GrantResponse::grantedAt));
    Optional<AccessRequestResponse> request =
        requests.stream()
            .filter(r -> r.teamId().equals(team.id()) && r.versionId().equals(v.id()))
            .max(Comparator.comparing(AccessRequestResponse::requestedAt));
    if (request.filter(r -> "PENDING".equals(r.status())).isPresent()) {
      return new AccessStatus(team.name(), "pending", "waiting for a steward", null);
    }
    if (grant.isPresent()) {
      GrantResponse g = grant.get();
      if (g.active()) {
        return new AccessStatus(
            team.name(), "granted", "granted by " + g.grantedBy(), g.expiresAt());
      }
      if (g.revokedAt() != null) {
        return new AccessStatus(
            team.name(), "revoked", "by " + g.revokedBy() + ": " + g.revokeReason(), null);
      }
      return new AccessStatus(team.name(), "expired", "ask again for more time", g.expiresAt());
    }
    if (request.filter(r -> "DENIED".equals(r.status())).isPresent()) {
      AccessRequestResponse r = request.get();
      return new AccessStatus(
          team.name(), "denied", "by " + r.decidedBy() + ": " + r.decisionReason(), null);
    }
    return new AccessStatus(team.name(), "none", "no access", null);
  }

  /** Whether the caller decides requests of the dataset: its stewards, as in the API. */
  private static boolean decides(EnclavePrincipal me, DatasetResponse d) {
    return d != null && d.stewards().contains(me.username());
  }

  private static List<MemberResponse> membersOf(TeamResponse t) {
    return t == null ? List.of() : t.members();
  }

  private static String teamName(Map<UUID, TeamResponse> teams, UUID id) {
    TeamResponse t = teams.get(id);
    return t == null ? id.toString() : t.name();
  }

  private static String label(Map<UUID, VersionResponse> versions, UUID id) {
    VersionResponse v = versions.get(id);
    return v == null ? id.toString() : v.label();
  }

  private static Integer days(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw FormErrors.invalid("durationDays", "must be a whole number of days, 1 to 730");
    }
  }

  private static int version(String value) {
    try {
      return Integer.parseInt(blank(value).strip());
    } catch (NumberFormatException e) {
      throw FormErrors.invalid("version", "must be the agreement's version shown on the page");
    }
  }

  /** The end of the chosen day (UTC): access lasts through the day the steward picks. */
  private static Instant endOfDay(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip())
          .plusDays(1)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant()
          .minusSeconds(1);
    } catch (DateTimeParseException e) {
      throw FormErrors.invalid("expiresAt", "must be a date like 2027-03-31");
    }
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
