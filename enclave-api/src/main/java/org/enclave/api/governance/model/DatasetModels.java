package org.enclave.api.governance.model;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.enclave.api.governance.service.Names;

/** Requests and responses of the dataset, version and file endpoints. */
public final class DatasetModels {
  private DatasetModels() {}

  /**
   * @param sensitivityTier 0 (open) to 4 (most sensitive), as in the Turing data classification
   * @param stewards additional stewards besides the registering one
   */
  public record RegisterDatasetRequest(
      @NotBlank
          @Pattern(
              regexp = Names.DATASET,
              message = "must be 2-100 lower-case letters, digits, '.', '_' or '-'")
          String name,
      @NotBlank @Size(max = 10000) String description,
      @NotNull @Min(0) @Max(4) Integer sensitivityTier,
      @Size(max = 20)
          List<
                  @NotNull
                  @Pattern(regexp = Names.USERNAME, message = "must be a user name like 'sam'")
                  String>
              stewards) {}

  public record AddStewardRequest(
      @NotBlank @Pattern(regexp = Names.USERNAME, message = "must be a user name like 'sam'")
          String username) {}

  public record DatasetResponse(
      UUID id,
      String name,
      String description,
      int sensitivityTier,
      List<String> stewards,
      Instant createdAt,
      String createdBy) {}

  public record CreateVersionRequest(
      @NotBlank
          @Pattern(
              regexp = Names.VERSION_LABEL,
              message = "must be 1-64 letters, digits, '.', '_' or '-', like 'v1'")
          String label,
      @Size(max = 10000) String notes) {}

  public record VersionResponse(
      UUID id,
      UUID datasetId,
      String label,
      String notes,
      String state,
      int fileCount,
      long totalBytes,
      Instant createdAt,
      String createdBy,
      Instant publishedAt,
      String publishedBy) {}

  public record FileResponse(
      String path,
      long sizeBytes,
      String sha256,
      String mediaType,
      Instant uploadedAt,
      String uploadedBy) {}

  /** One user who can read the dataset right now, and through which grant. */
  public record ReaderResponse(
      String username, UUID teamId, UUID grantId, UUID versionId, Instant expiresAt) {}
}
