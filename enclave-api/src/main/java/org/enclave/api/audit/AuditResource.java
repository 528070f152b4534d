package org.enclave.api.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.audit.AuditExportService.Export;
import org.enclave.api.audit.AuditQueryService.AuditRecord;
import org.enclave.api.audit.AuditQueryService.Criteria;
import org.enclave.api.audit.AuditQueryService.Filter;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

/**
 * Search of the audit index, and its export as JSON Lines. Every record carries its log index, so a
 * reader can fetch its inclusion proof from {@code /audit/log/proofs/inclusion}.
 */
@Path(Api.V1 + "/audit/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
@RolesAllowed({Role.AUDITOR_NAME, Role.STEWARD_NAME, Role.ADMIN_NAME})
public class AuditResource {
  /** JSON Lines: one JSON object per line. */
  public static final String NDJSON = "application/x-ndjson";

  @Inject AuditQueryService query;
  @Inject AuditExportService exports;
  @Inject AuditIndexCatchUp catchUp;
  @Inject CurrentPrincipal principal;

  @GET
  @Operation(
      operationId = "searchAuditEvents",
      summary = "Audit events, oldest first; page with 'after' set to the last logIndex seen")
  public List<AuditRecord> search(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("outcome") @Pattern(regexp = "ALLOW|DENY|ERROR") String outcome,
      @QueryParam("datasetId") String datasetId,
      @QueryParam("teamId") String teamId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("after") @DefaultValue("-1") @Min(-1) long after,
      @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
    Filter filter = new Filter(actor, action, outcome, datasetId, teamId, Period.parse(from, to));
    long size = catchUp.coverCurrent();
    return query.search(new Criteria(filter, after, size, limit));
  }

  @GET
  @Path("/export")
  @Produces(NDJSON)
  @Operation(
      operationId = "exportAuditEvents",
      summary =
          "A search as JSON Lines, oldest first, at most "
              + AuditExportService.MAX_ROWS
              + " rows; the export is recorded in the audit log before any row is sent")
  public Response export(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("outcome") @Pattern(regexp = "ALLOW|DENY|ERROR") String outcome,
      @QueryParam("datasetId") String datasetId,
      @QueryParam("teamId") String teamId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("after") @DefaultValue("-1") @Min(-1) long after,
      @QueryParam("limit") @DefaultValue("100000") @Min(1) @Max(AuditExportService.MAX_ROWS)
          int limit) {
    Filter filter = new Filter(actor, action, outcome, datasetId, teamId, Period.parse(from, to));
    Export export = exports.prepare(principal.get(), filter, after, limit);
    StreamingOutput body = out -> exports.write(export, out);
    return Response.ok(body, NDJSON)
        .header("Content-Disposition", "attachment; filename=\"audit-events.jsonl\"")
        .header("Enclave-Export-Rows", export.rows())
        .header("Enclave-Export-Truncated", export.truncated())
        .header("Enclave-Export-Log-Size", export.logSize())
        .header("Enclave-Export-Log-Index", export.auditLogIndex())
        .build();
  }
}
