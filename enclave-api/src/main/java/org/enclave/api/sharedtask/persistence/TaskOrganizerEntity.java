package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user who runs a task: sees every submission and score, manages phases and gold. */
@Entity
@Table(name = "shared_task_organizer")
public class TaskOrganizerEntity {
  @EmbeddedId public Key id;

  @Column(name = "added_at")
  public Instant addedAt;

  @Column(name = "added_by")
  public String addedBy;

  @Embeddable
  public record Key(@Column(name = "task_id") UUID taskId, String username)
      implements Serializable {}
}
