package org.enclave.api.sharedtask.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.model.TaskModels.GoldResponse;
import org.enclave.api.sharedtask.model.TaskModels.GoldUploadResponse;
import org.enclave.api.sharedtask.model.TaskModels.ProgramResponse;
import org.enclave.api.sharedtask.model.TaskModels.ProgramUploadResponse;
import org.enclave.api.sharedtask.model.TaskModels.RescoreRequest;
import org.enclave.api.sharedtask.model.TaskModels.ScoringRunResponse;
import org.enclave.api.sharedtask.service.GoldService;
import org.enclave.api.sharedtask.service.ProgramService;
import org.enclave.api.sharedtask.service.ScoringRuns;
import org.enclave.api.sharedtask.service.SubmissionService;

/** What organizers do to score a task: gold labels, scoring program, baseline, scoring runs. */
@Path(Api.V1 + "/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "shared tasks")
public class TaskScoringResource {
  @Inject GoldService gold;
  @Inject SubmissionService submissions;
  @Inject ScoringRuns runs;
  @Inject ProgramService programs;
  @Inject CurrentPrincipal principal;

  @PUT
  @Path("/{taskId}/gold")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Blocking
  @Operation(
      operationId = "uploadTaskGold",
      summary =
          "Upload the gold labels (restricted: read only by the scorer, never returned);"
              + " a replacement re-scores every submission in a new scoring run")
  public GoldUploadResponse uploadGold(
      @PathParam("taskId") UUID taskId,
      @QueryParam("note") @Size(max = 2000) String note,
      InputStream body) {
    return gold.upload(principal.get(), taskId, note, body);
  }

  @GET
  @Path("/{taskId}/gold")
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(operationId = "listTaskGold", summary = "Metadata of every gold upload (no bytes)")
  public List<GoldResponse> listGold(@PathParam("taskId") UUID taskId) {
    return gold.list(principal.get(), taskId);
  }

  @PUT
  @Path("/{taskId}/scoring-program")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Blocking
  @Operation(
      operationId = "uploadScoringProgram",
      summary =
          "Upload the task's scoring program (a Python script or a jar; restricted, never"
              + " returned); once there is gold, every submission is re-scored with it in a new"
              + " scoring run")
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
        new ProgramService.Upload(kind, name, timeLimitSeconds, memoryMiB, note),
        body);
  }

  @GET
  @Path("/{taskId}/scoring-program")
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(
      operationId = "listScoringPrograms",
      summary = "Metadata of every scoring-program upload (no bytes)")
  public List<ProgramResponse> listPrograms(@PathParam("taskId") UUID taskId) {
    return programs.list(principal.get(), taskId);
  }

  @PUT
  @Path("/{taskId}/baseline")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Blocking
  @Operation(
      operationId = "uploadTaskBaseline",
      summary = "Upload the baseline submission, scored like any other and shown on leaderboards")
  public SubmissionResponse uploadBaseline(
      @PathParam("taskId") UUID taskId,
      @QueryParam("format") String format,
      @QueryParam("name") String name,
      InputStream body) {
    return submissions.uploadBaseline(
        principal.get(), taskId, format, name == null ? "baseline" : name, body);
  }

  @POST
  @Path("/{taskId}/rescore")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(
      operationId = "rescoreTask",
      summary = "Re-score every submission against the latest gold, as a new scoring run")
  public ScoringRunResponse rescore(
      @PathParam("taskId") UUID taskId, @Valid @NotNull RescoreRequest body) {
    return runs.rescore(principal.get(), taskId, body.reason());
  }

  @GET
  @Path("/{taskId}/scoring-runs")
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(operationId = "listScoringRuns", summary = "Every scoring run of the task")
  public List<ScoringRunResponse> listRuns(@PathParam("taskId") UUID taskId) {
    return runs.list(principal.get(), taskId);
  }
}
