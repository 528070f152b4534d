package org.enclave.api.sharedtask.rest;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.sharedtask.model.TaskModels.MetricSuiteResponse;
import org.enclave.api.sharedtask.service.TaskService;

@Path(Api.V1 + "/metric-suites")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "shared tasks")
public class MetricSuiteResource {
  @Inject TaskService tasks;

  @GET
  @Authenticated
  @Operation(
      operationId = "listMetricSuites",
      summary = "The built-in metric suites: formats, metrics, directions")
  public List<MetricSuiteResponse> suites() {
    return tasks.suites();
  }
}
