package org.enclave.api.sharedtask.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;
import org.enclave.api.sharedtask.model.SubmissionModels.LeaderboardResponse;
import org.enclave.api.sharedtask.model.TaskModels.CreatePhaseRequest;
import org.enclave.api.sharedtask.model.TaskModels.CreateTaskRequest;
import org.enclave.api.sharedtask.model.TaskModels.PhaseResponse;
import org.enclave.api.sharedtask.model.TaskModels.TaskResponse;
import org.enclave.api.sharedtask.service.LeaderboardService;
import org.enclave.api.sharedtask.service.PhaseService;
import org.enclave.api.sharedtask.service.TaskService;

@Path(Api.V1 + "/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "shared tasks")
public class TaskResource {
  @Inject TaskService tasks;
  @Inject PhaseService phases;
  @Inject LeaderboardService leaderboards;
  @Inject CurrentPrincipal principal;

  @POST
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(operationId = "createTask", summary = "Create a shared task; the caller organizes it")
  public Response create(@Valid @NotNull CreateTaskRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(tasks.create(principal.get(), body))
        .build();
  }

  @GET
  @Authenticated
  @Operation(operationId = "listTasks", summary = "Shared tasks, with their phases")
  public List<TaskResponse> list() {
    return tasks.list();
  }

  @GET
  @Path("/{taskId}")
  @Authenticated
  @Operation(operationId = "getTask", summary = "One shared task, with its phases")
  public TaskResponse get(@PathParam("taskId") UUID taskId) {
    return tasks.get(taskId);
  }

  @POST
  @Path("/{taskId}/phases")
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(
      operationId = "createTaskPhase",
      summary = "Add a phase: its window, limits per team and leaderboard visibility")
  public Response createPhase(
      @PathParam("taskId") UUID taskId, @Valid @NotNull CreatePhaseRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(phases.create(principal.get(), taskId, body))
        .build();
  }

  @POST
  @Path("/{taskId}/phases/{phaseId}/reveal")
  @RolesAllowed(Role.ORGANIZER_NAME)
  @Operation(
      operationId = "revealTaskPhase",
      summary = "Reveal a hidden phase's leaderboard and scores to participants")
  public PhaseResponse reveal(
      @PathParam("taskId") UUID taskId, @PathParam("phaseId") UUID phaseId) {
    return phases.reveal(principal.get(), taskId, phaseId);
  }

  @GET
  @Path("/{taskId}/phases/{phaseId}/leaderboard")
  @Authenticated
  @Operation(
      operationId = "getLeaderboard",
      summary = "A phase's ranks in the current scoring run, as the caller may see them")
  public LeaderboardResponse leaderboard(
      @PathParam("taskId") UUID taskId, @PathParam("phaseId") UUID phaseId) {
    return leaderboards.get(principal.get(), taskId, phaseId);
  }
}
