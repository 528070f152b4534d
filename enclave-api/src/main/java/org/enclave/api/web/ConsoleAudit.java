package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.audit.AuditActions;
import org.enclave.api.audit.AuditIndexCatchUp;
import org.enclave.api.audit.AuditQueryService;
import org.enclave.api.audit.AuditQueryService.AuditRecord;
import org.enclave.api.audit.AuditQueryService.Criteria;
import org.enclave.api.audit.AuditQueryService.Filter;
import org.enclave.api.audit.Period;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.governance.service.TeamService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Role;

/**
 * The audit page for stewards, auditors and admins: the newest audit events first, with the fields
 * of a dataset read up front (who, team, workspace, object, bytes, outcome), filtered by action,
 * outcome, team and dataset, paged by log index. It reads the same index as {@code GET
 * /api/v1/audit/events}, after letting the index catch up with the log.
 */
@Path(ConsoleAudit.PATH)
@Produces(MediaType.TEXT_HTML)
public class ConsoleAudit {
  public static final String PATH = "/console/audit";
  static final int PAGE = 50;
  private static final List<String> OUTCOMES = List.of("ALLOW", "DENY", "ERROR");

  @Inject AuditQueryService query;
  @Inject AuditIndexCatchUp catchUp;
  @Inject TeamService teams;
  @Inject DatasetService datasets;
  @Inject CurrentPrincipal principal;

  /** The filter as the form holds it; blank fields do not restrict. */
  public record Form(String action, String outcome, String team, String dataset) {}

  /** A choice of a select list. */
  public record Choice(String value, String label) {}

  /** One event as the table shows it, team and dataset by name. */
  public record Row(
      long logIndex,
      String time,
      String actor,
      String action,
      String outcome,
      String team,
      String workspace,
      String dataset,
      String objectKey,
      String bytes,
      String reason) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(
        Form form,
        List<String> actions,
        List<String> outcomes,
        List<Choice> teams,
        List<Choice> datasets,
        List<Row> events,
        long logSize,
        String next,
        FormErrors.PageError error);
  }

  /** Whether {@code who} may read this page; the annotation below is what enforces it. */
  static boolean mayRead(EnclavePrincipal who) {
    return who.hasAny(Role.STEWARD, Role.AUDITOR, Role.ADMIN);
  }

  @GET
  @RolesAllowed({Role.AUDITOR_NAME, Role.STEWARD_NAME, Role.ADMIN_NAME})
  @Operation(hidden = true)
  public Response page(
      @QueryParam("action") String action,
      @QueryParam("outcome") String outcome,
      @QueryParam("team") String team,
      @QueryParam("dataset") String dataset,
      @QueryParam("before") String before) {
    Form form = new Form(trim(action), trim(outcome), trim(team), trim(dataset));
    EnclavePrincipal me = principal.get();
    Map<String, String> teamNames = new LinkedHashMap<>();
    teams.list(me).forEach(t -> teamNames.put(t.id().toString(), t.name()));
    Map<String, String> datasetNames = new LinkedHashMap<>();
    datasets.list().forEach(d -> datasetNames.put(d.id().toString(), d.name()));
    long size = catchUp.coverCurrent();
    List<Row> rows = List.of();
    String next = null;
    FormErrors.PageError error = null;
    int status = 200;
    try {
      long cursor = cursor(before, size);
      Filter filter =
          new Filter(
              null,
              form.action(),
              outcome(form.outcome()),
              form.dataset(),
              form.team(),
              Period.ALWAYS);
      List<AuditRecord> found = query.searchNewestFirst(new Criteria(filter, -1, cursor, PAGE));
      rows = found.stream().map(r -> row(r, teamNames, datasetNames)).toList();
      if (found.size() == PAGE) {
        next = query(form, found.get(found.size() - 1).logIndex());
      }
    } catch (EnclaveException e) {
      error = FormErrors.of(e);
      status = e.errorCode().status();
    }
    TemplateInstance page =
        Templates.page(
            form,
            actions(),
            OUTCOMES,
            choices(teamNames),
            choices(datasetNames),
            rows,
            size,
            next,
            error);
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
  }

  private static long cursor(String before, long size) {
    if (before == null || before.isBlank()) {
      return size;
    }
    try {
      return Math.min(Math.max(Long.parseLong(before.strip()), 0), size);
    } catch (NumberFormatException e) {
      throw invalid("before", "must be a log index");
    }
  }

  private static String outcome(String outcome) {
    if (outcome == null || outcome.isEmpty() || OUTCOMES.contains(outcome)) {
      return outcome;
    }
    throw invalid("outcome", "must be ALLOW, DENY or ERROR");
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        field + " " + message,
        List.of(new FieldError(field, message)));
  }

  private static Row row(AuditRecord r, Map<String, String> teams, Map<String, String> datasets) {
    return new Row(
        r.logIndex(),
        r.time() == null ? "" : r.time().toString(),
        r.actor(),
        r.action(),
        r.outcome(),
        named(r.teamId(), teams),
        r.workspaceId() == null ? "" : r.workspaceId(),
        named(r.datasetId(), datasets),
        r.objectKey() == null ? "" : r.objectKey(),
        r.bytesServed() == null ? "" : Long.toString(r.bytesServed()),
        r.reason() == null ? "" : r.reason());
  }

  private static String named(String id, Map<String, String> names) {
    return id == null ? "" : names.getOrDefault(id, id);
  }

  private static List<Choice> choices(Map<String, String> names) {
    List<Choice> out = new ArrayList<>();
    names.forEach((id, name) -> out.add(new Choice(id, name)));
    return out;
  }

  /** Actions offered in the filter's suggestions, dataset reads first. */
  private static List<String> actions() {
    return Stream.concat(
            Stream.of(
                AuditActions.DATASET_OBJECT_READ,
                AuditActions.SESSION_OPENED,
                AuditActions.SESSION_CLOSED),
            Stream.of(org.enclave.api.security.Operation.values())
                .map(org.enclave.api.security.Operation::action))
        .distinct()
        .toList();
  }

  /** The link to the next (older) page: the same filter, below the last log index shown. */
  private static String query(Form form, long before) {
    StringBuilder q = new StringBuilder(PATH).append("?before=").append(before);
    append(q, "action", form.action());
    append(q, "outcome", form.outcome());
    append(q, "team", form.team());
    append(q, "dataset", form.dataset());
    return q.toString();
  }

  private static void append(StringBuilder q, String name, String value) {
    if (value != null && !value.isEmpty()) {
      q.append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
