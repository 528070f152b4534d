package org.enclave.api.governance.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** Requests and responses of the data use agreement endpoints. */
public final class AgreementModels {
  private AgreementModels() {}

  public record PublishAgreementRequest(@NotBlank @Size(max = 50000) String text) {}

  public record AgreementResponse(
      UUID datasetId, int version, String text, Instant createdAt, String createdBy) {}

  public record AcceptanceResponse(
      UUID datasetId, int version, String username, Instant acceptedAt) {}
}
