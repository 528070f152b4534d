package org.enclave.api.ingest.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.ingest.model.IngestModels.JobResponse;
import org.enclave.api.ingest.model.IngestModels.PolicyRequest;
import org.enclave.api.ingest.model.IngestModels.PolicyResponse;
import org.enclave.api.ingest.model.IngestModels.ProblemResponse;
import org.enclave.api.ingest.model.IngestModels.RawFileResponse;
import org.enclave.api.ingest.model.IngestModels.ReportResponse;
import org.enclave.api.ingest.model.IngestModels.StartRequest;
import org.enclave.api.ingest.service.IngestJobs;
import org.enclave.api.ingest.service.IngestPolicies;
import org.enclave.api.ingest.service.RawFiles;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

/** Pseudonymized ingest: a dataset's masking policy, its versions' quarantine and ingest jobs. */
@Path(Api.V1 + "/datasets/{datasetId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STEWARD_NAME)
@Tag(name = "ingest")
public class IngestResource {
  private static final String VERSION = "/versions/{versionId}";
  private static final String JOB = VERSION + "/ingests/{jobId}";

  @Inject IngestPolicies policies;
  @Inject RawFiles raw;
  @Inject IngestJobs jobs;
  @Inject CurrentPrincipal principal;

  @GET
  @Path("/masking-policy")
  @Operation(operationId = "getMaskingPolicy", summary = "The dataset's masking policy")
  public PolicyResponse policy(@PathParam("datasetId") UUID datasetId) {
    return policies.get(principal.get(), datasetId);
  }

  @PUT
  @Path("/masking-policy")
  @Operation(
      operationId = "setMaskingPolicy",
      summary = "Set what ingest masks; the dataset then takes files through ingest only")
  public PolicyResponse setPolicy(
      @PathParam("datasetId") UUID datasetId, @Valid @NotNull PolicyRequest body) {
    return policies.put(principal.get(), datasetId, body);
  }

  @GET
  @Path(VERSION + "/raw")
  @Operation(operationId = "listRawFiles", summary = "The version's quarantine (metadata only)")
  public List<RawFileResponse> listRaw(
      @PathParam("datasetId") UUID datasetId, @PathParam("versionId") UUID versionId) {
    return raw.list(principal.get(), datasetId, versionId);
  }

  @PUT
  @Path(VERSION + "/raw/{path: .+}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Blocking
  @Operation(
      operationId = "uploadRawFile",
      summary = "Upload (or replace) a raw file into the version's quarantine, streamed")
  public RawFileResponse uploadRaw(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("path") String path,
      InputStream body) {
    return raw.upload(principal.get(), datasetId, versionId, path, body);
  }

  @DELETE
  @Path(VERSION + "/raw/{path: .+}")
  @Operation(
      operationId = "deleteRawFile",
      summary = "Delete a raw file and the raw text of its reports' samples (the record stays)")
  public Response deleteRaw(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("path") String path) {
    raw.delete(principal.get(), datasetId, versionId, path);
    return Response.noContent().build();
  }

  @POST
  @Path(VERSION + "/ingests")
  @Operation(
      operationId = "startIngest",
      summary = "Mask a raw file into a file of the version; runs in the background")
  public Response start(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @Valid @NotNull StartRequest body) {
    return Response.accepted(jobs.start(principal.get(), datasetId, versionId, body)).build();
  }

  @GET
  @Path(VERSION + "/ingests")
  @Operation(operationId = "listIngests", summary = "The version's ingest jobs")
  public List<JobResponse> list(
      @PathParam("datasetId") UUID datasetId, @PathParam("versionId") UUID versionId) {
    return jobs.list(principal.get(), datasetId, versionId);
  }

  @GET
  @Path(JOB)
  @Operation(operationId = "getIngest", summary = "One job: state, rows done, rate and ETA")
  public JobResponse get(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("jobId") UUID jobId) {
    return jobs.get(principal.get(), datasetId, versionId, jobId);
  }

  @GET
  @Path(JOB + "/problems")
  @Operation(operationId = "listIngestProblems", summary = "The rows the job rejected, and why")
  public List<ProblemResponse> problems(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("jobId") UUID jobId) {
    return jobs.problems(principal.get(), datasetId, versionId, jobId);
  }

  @GET
  @Path(JOB + "/report")
  @Operation(
      operationId = "getIngestReport",
      summary = "The masking report: counts, most frequent masked strings, a before/after sample")
  public ReportResponse report(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("jobId") UUID jobId) {
    return jobs.report(principal.get(), datasetId, versionId, jobId);
  }

  @POST
  @Path(JOB + "/cancel")
  @Operation(operationId = "cancelIngest", summary = "Stop a queued or running job")
  public JobResponse cancel(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("jobId") UUID jobId) {
    return jobs.cancel(principal.get(), datasetId, versionId, jobId);
  }

  @POST
  @Path(JOB + "/accept")
  @Operation(
      operationId = "acceptIngest",
      summary = "Accept a finished job's masking report, which publishing the version needs")
  public JobResponse accept(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("jobId") UUID jobId) {
    return jobs.accept(principal.get(), datasetId, versionId, jobId);
  }
}
