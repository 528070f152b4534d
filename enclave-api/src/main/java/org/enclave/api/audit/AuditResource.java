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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.audit.AuditQueryService.AuditRecord;
import org.enclave.api.audit.AuditQueryService.Criteria;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/audit/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {
  @Inject AuditQueryService query;

  @GET
  @RolesAllowed({Role.AUDITOR_NAME, Role.ADMIN_NAME})
  @Operation(
      operationId = "searchAuditEvents",
      summary = "Audit events, oldest first; page with 'after' set to the last seq seen")
  public List<AuditRecord> search(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("outcome") @Pattern(regexp = "ALLOW|DENY|ERROR") String outcome,
      @QueryParam("datasetId") String datasetId,
      @QueryParam("teamId") String teamId,
      @QueryParam("from") Instant from,
      @QueryParam("to") Instant to,
      @QueryParam("after") @DefaultValue("-1") @Min(-1) long after,
      @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
    return query.search(
        new Criteria(actor, action, outcome, datasetId, teamId, from, to, after + 1, limit));
  }
}
