package org.enclave.api.governance.rest;

import io.quarkus.security.Authenticated;
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
import org.enclave.api.governance.model.DatasetModels.AddStewardRequest;
import org.enclave.api.governance.model.DatasetModels.CreateVersionRequest;
import org.enclave.api.governance.model.DatasetModels.DatasetResponse;
import org.enclave.api.governance.model.DatasetModels.FileResponse;
import org.enclave.api.governance.model.DatasetModels.ReaderResponse;
import org.enclave.api.governance.model.DatasetModels.RegisterDatasetRequest;
import org.enclave.api.governance.model.DatasetModels.VersionResponse;
import org.enclave.api.governance.service.DatasetFileService;
import org.enclave.api.governance.service.DatasetService;
import org.enclave.api.security.CurrentPrincipal;
import org.enclave.api.security.Role;

@Path(Api.V1 + "/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {
  @Inject DatasetService datasets;
  @Inject DatasetFileService files;
  @Inject CurrentPrincipal principal;

  @POST
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(
      operationId = "registerDataset",
      summary = "Register a dataset; the caller becomes a steward")
  public Response register(@Valid @NotNull RegisterDatasetRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(datasets.register(principal.get(), body))
        .build();
  }

  @GET
  @Authenticated
  @Operation(operationId = "listDatasets", summary = "The dataset catalogue")
  public List<DatasetResponse> list() {
    return datasets.list();
  }

  @GET
  @Path("/{datasetId}")
  @Authenticated
  @Operation(operationId = "getDataset", summary = "One dataset's catalogue entry")
  public DatasetResponse get(@PathParam("datasetId") UUID datasetId) {
    return datasets.get(datasetId);
  }

  @POST
  @Path("/{datasetId}/stewards")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(operationId = "addDatasetSteward", summary = "Add a steward to a dataset")
  public DatasetResponse addSteward(
      @PathParam("datasetId") UUID datasetId, @Valid @NotNull AddStewardRequest body) {
    return datasets.addSteward(principal.get(), datasetId, body);
  }

  @GET
  @Path("/{datasetId}/readers")
  @RolesAllowed({Role.STEWARD_NAME, Role.ADMIN_NAME, Role.AUDITOR_NAME})
  @Operation(
      operationId = "listDatasetReaders",
      summary = "Who can read this dataset right now, and through which grant")
  public List<ReaderResponse> readers(@PathParam("datasetId") UUID datasetId) {
    return datasets.readers(principal.get(), datasetId);
  }

  @POST
  @Path("/{datasetId}/versions")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(operationId = "createDatasetVersion", summary = "Start a draft version")
  public Response createVersion(
      @PathParam("datasetId") UUID datasetId, @Valid @NotNull CreateVersionRequest body) {
    return Response.status(Response.Status.CREATED)
        .entity(datasets.createVersion(principal.get(), datasetId, body))
        .build();
  }

  @GET
  @Path("/{datasetId}/versions")
  @Authenticated
  @Operation(operationId = "listDatasetVersions", summary = "Versions of a dataset")
  public List<VersionResponse> listVersions(@PathParam("datasetId") UUID datasetId) {
    return datasets.listVersions(datasetId);
  }

  @GET
  @Path("/{datasetId}/versions/{versionId}")
  @Authenticated
  @Operation(operationId = "getDatasetVersion", summary = "One version")
  public VersionResponse getVersion(
      @PathParam("datasetId") UUID datasetId, @PathParam("versionId") UUID versionId) {
    return datasets.getVersion(datasetId, versionId);
  }

  @POST
  @Path("/{datasetId}/versions/{versionId}/publish")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(
      operationId = "publishDatasetVersion",
      summary = "Make a version immutable and requestable")
  public VersionResponse publish(
      @PathParam("datasetId") UUID datasetId, @PathParam("versionId") UUID versionId) {
    return datasets.publish(principal.get(), datasetId, versionId);
  }

  @GET
  @Path("/{datasetId}/versions/{versionId}/files")
  @Authenticated
  @Operation(operationId = "listDatasetFiles", summary = "Files of a version (metadata only)")
  public List<FileResponse> listFiles(
      @PathParam("datasetId") UUID datasetId, @PathParam("versionId") UUID versionId) {
    return files.list(datasetId, versionId);
  }

  @PUT
  @Path("/{datasetId}/versions/{versionId}/files/{path: .+}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed(Role.STEWARD_NAME)
  @Blocking
  @Operation(
      operationId = "uploadDatasetFile",
      summary =
          "Upload (or replace) a file in a draft version, streamed; SHA-256 and size recorded")
  public FileResponse upload(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("path") String path,
      InputStream body) {
    return files.upload(principal.get(), datasetId, versionId, path, body);
  }

  @DELETE
  @Path("/{datasetId}/versions/{versionId}/files/{path: .+}")
  @RolesAllowed(Role.STEWARD_NAME)
  @Operation(operationId = "deleteDatasetFile", summary = "Remove a file from a draft version")
  public Response deleteFile(
      @PathParam("datasetId") UUID datasetId,
      @PathParam("versionId") UUID versionId,
      @PathParam("path") String path) {
    files.delete(principal.get(), datasetId, versionId, path);
    return Response.noContent().build();
  }
}
