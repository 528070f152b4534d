package org.enclave.api.export.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the export services answer. */
public final class ExportModels {
  private ExportModels() {}

  /** A file staged from a workspace, waiting for the request that names it. */
  public record StagedFile(
      UUID id, String name, long sizeBytes, String sha256, Instant expiresAt) {}

  /** One file of a request, as it was received. */
  public record ExportFile(UUID id, String name, long sizeBytes, String sha256) {}

  /** An export request and its files. */
  public record ExportView(
      UUID id,
      UUID teamId,
      String workspaceId,
      String author,
      String justification,
      String state,
      Instant createdAt,
      Instant stateChangedAt,
      long totalBytes,
      List<ExportFile> files) {}

  /** A file a new request names: the staged file's id and the SHA-256 the client computed. */
  public record FileRef(UUID id, String sha256) {}

  /** A request as a workspace files it. */
  public record NewRequest(String justification, List<FileRef> files) {}
}
