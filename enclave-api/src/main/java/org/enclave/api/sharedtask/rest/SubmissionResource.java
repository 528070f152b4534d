package org.enclave.api.sharedtask.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.service.SubmissionQueries;

/**
 * Submissions as people see them. Teams submit from inside their workspaces (see
 * docs/shared-tasks.md), never through this API: the file never leaves the boundary.
 */
@Path(Api.V1 + "/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "shared tasks")
public class SubmissionResource {
  @Inject SubmissionQueries submissions;
  @Inject CurrentPrincipal principal;

  @GET
  @Path("/{taskId}/submissions")
  @Authenticated
  @Operation(
      operationId = "listTaskSubmissions",
      summary = "Submissions the caller may see: organizers all, teams their own")
  public List<SubmissionResponse> list(
      @PathParam("taskId") UUID taskId, @QueryParam("teamId") UUID teamId) {
    return submissions.list(principal.get(), taskId, teamId);
  }

  @GET
  @Path("/{taskId}/submissions/{submissionId}")
  @Authenticated
  @Operation(operationId = "getTaskSubmission", summary = "One submission and its scores")
  public SubmissionResponse get(
      @PathParam("taskId") UUID taskId, @PathParam("submissionId") UUID submissionId) {
    return submissions.get(principal.get(), taskId, submissionId);
  }

  @POST
  @Path("/{taskId}/submissions/{submissionId}/choose")
  @RolesAllowed(Role.RESEARCHER_NAME)
  @Operation(
      operationId = "chooseTaskSubmission",
      summary = "Make this the team's counted submission (tasks where teams choose)")
  public SubmissionResponse choose(
      @PathParam("taskId") UUID taskId, @PathParam("submissionId") UUID submissionId) {
    return submissions.choose(principal.get(), taskId, submissionId);
  }
}
