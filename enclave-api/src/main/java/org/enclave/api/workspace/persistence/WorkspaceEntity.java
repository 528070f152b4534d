package org.enclave.api.workspace.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.enclave.api.workspace.model.WorkspaceSize;
import org.enclave.api.workspace.model.WorkspaceState;

/** The control plane's record of one workspace and where it is in its lifecycle. */
@Entity
@Table(name = "workspace")
public class WorkspaceEntity {
  @Id public UUID id;

  @Column(name = "team_id")
  public UUID teamId;

  public String name;

  @Enumerated(EnumType.STRING)
  public WorkspaceSize size;

  @Enumerated(EnumType.STRING)
  public WorkspaceState state;

  @Column(name = "state_reason")
  public String stateReason;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "state_changed_at")
  public Instant stateChangedAt;

  @Column(name = "started_by")
  public String startedBy;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "stopped_at")
  public Instant stoppedAt;

  @Column(name = "terminated_at")
  public Instant terminatedAt;

  @Column(name = "access_key_id")
  public String accessKeyId;

  @Column(name = "last_activity_at")
  public Instant lastActivityAt;

  @Version
  @Column(name = "row_version")
  public long rowVersion;

  /** The id as the workspace provider and the broker know it. */
  public String key() {
    return id.toString();
  }
}
