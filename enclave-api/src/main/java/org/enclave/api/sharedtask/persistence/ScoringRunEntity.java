package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A scoring of every submission of a task against one gold version (and, for a task scored by its
 * organizers' program, one program version); runs are never removed.
 */
@Entity
@Table(name = "shared_task_scoring_run")
public class ScoringRunEntity {
  @EmbeddedId public Key id;

  @Column(name = "gold_version")
  public int goldVersion;

  /** The scoring program's version the run used; null for a built-in suite. */
  @Column(name = "program_version")
  public Integer programVersion;

  public String reason;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "started_by")
  public String startedBy;

  @Embeddable
  public record Key(@Column(name = "task_id") UUID taskId, int run) implements Serializable {}
}
