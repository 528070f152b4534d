package org.enclave.api.export.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A file staged from a workspace for export: its bytes in the object store under the restricted
 * namespace, its SHA-256 as the broker checked it on arrival. Attached to at most one request.
 */
@Entity
@Table(name = "export_file")
public class ExportFileEntity {
  @Id public UUID id;

  @Column(name = "team_id")
  public UUID teamId;

  @Column(name = "workspace_id")
  public String workspaceId;

  @Column(name = "staged_by")
  public String stagedBy;

  @Column(name = "staged_at")
  public Instant stagedAt;

  /** When a file not attached to a request is deleted; null once attached. */
  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "request_id")
  public UUID requestId;

  public Integer position;

  public String name;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  /** What the file is by its content ({@code FileKind}), or null for files staged before kinds. */
  public String kind;
}
