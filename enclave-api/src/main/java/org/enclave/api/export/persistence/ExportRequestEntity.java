package org.enclave.api.export.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A team's request to take files out of its workspace, and where its review stands. */
@Entity
@Table(name = "export_request")
public class ExportRequestEntity {
  @Id public UUID id;

  @Column(name = "team_id")
  public UUID teamId;

  @Column(name = "workspace_id")
  public String workspaceId;

  public String author;

  public String justification;

  @Enumerated(EnumType.STRING)
  public ExportState state;

  @Column(name = "file_count")
  public int fileCount;

  @Column(name = "total_bytes")
  public long totalBytes;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "state_changed_at")
  public Instant stateChangedAt;

  /** The returned request this one replaces, if any. */
  public UUID resubmits;

  @Column(name = "released_at")
  public Instant releasedAt;
}
