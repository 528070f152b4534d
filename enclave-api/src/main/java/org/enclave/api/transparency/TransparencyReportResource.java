package org.enclave.api.transparency;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.audit.Period;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/datasets/{datasetId}/transparency-report")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class TransparencyReportResource {
  @Inject TransparencyReportService reports;
  @Inject CurrentPrincipal principal;

  @GET
  @RolesAllowed({Role.STEWARD_NAME, Role.ADMIN_NAME, Role.AUDITOR_NAME})
  @Operation(
      operationId = "getTransparencyReport",
      summary =
          "Who was granted the dataset, what each team read, who was refused, what left;"
              + " computed against a signed log checkpoint, and itself audited")
  public TransparencyReport report(
      @PathParam("datasetId") UUID datasetId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return reports.generate(principal.get(), datasetId, Period.parse(from, to));
  }
}
