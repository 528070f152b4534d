package org.enclave.api.governance.model;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** Requests and responses of the access request and grant endpoints. */
public final class AccessModels {
  private AccessModels() {}

  /**
   * @param durationDays how long the team needs access, counted from approval
   */
  public record CreateAccessRequest(
      @NotNull UUID teamId,
      @NotNull UUID datasetId,
      @NotNull UUID versionId,
      @NotBlank @Size(max = 5000) String purpose,
      @NotBlank @Size(max = 200) String ethicsReference,
      @NotNull @Min(1) @Max(730) Integer durationDays) {}

  /**
   * @param expiresAt optional; no later than approval time plus the requested duration
   */
  public record ApproveRequest(Instant expiresAt, @Size(max = 2000) String note) {}

  public record DenyRequest(@NotBlank @Size(max = 2000) String reason) {}

  public record RevokeGrantRequest(@NotBlank @Size(max = 2000) String reason) {}

  public record AccessRequestResponse(
      UUID id,
      UUID teamId,
      UUID datasetId,
      UUID versionId,
      String purpose,
      String ethicsReference,
      int durationDays,
      String status,
      String requestedBy,
      Instant requestedAt,
      String decidedBy,
      Instant decidedAt,
      String decisionReason,
      UUID grantId) {}

  public record GrantResponse(
      UUID id,
      UUID requestId,
      UUID teamId,
      UUID datasetId,
      UUID versionId,
      String grantedBy,
      Instant grantedAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedBy,
      String revokeReason,
      boolean active) {}
}
