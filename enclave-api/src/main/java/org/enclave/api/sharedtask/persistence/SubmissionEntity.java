package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.enclave.api.sharedtask.scoring.FileFormat;

/** An accepted submission (a team's, or the task's baseline) and where its file is kept. */
@Entity
@Table(name = "shared_task_submission")
public class SubmissionEntity {
  @Id public UUID id;

  @Column(name = "task_id")
  public UUID taskId;

  @Column(name = "phase_id")
  public UUID phaseId;

  @Column(name = "team_id")
  public UUID teamId;

  public boolean baseline;

  @Column(name = "workspace_id")
  public String workspaceId;

  @Column(name = "submitted_by")
  public String submittedBy;

  @Column(name = "submitted_at")
  public Instant submittedAt;

  @Column(name = "file_name")
  public String fileName;

  @Enumerated(EnumType.STRING)
  public FileFormat format;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  public boolean chosen;
}
