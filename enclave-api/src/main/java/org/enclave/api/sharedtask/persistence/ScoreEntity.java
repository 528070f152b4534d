package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** The scores of one submission in one scoring run (JSON: the suite's metric values). */
@Entity
@Table(name = "shared_task_score")
public class ScoreEntity {
  public enum Status {
    SCORED,
    FAILED
  }

  @EmbeddedId public Key id;

  @Column(name = "task_id")
  public UUID taskId;

  @Enumerated(EnumType.STRING)
  public Status status;

  @Column(name = "primary_value")
  public Double primaryValue;

  /** The metric values as JSON, when scored. */
  public String scores;

  /** Why it could not be scored against this run's gold, when failed. */
  public String detail;

  /**
   * What the task's scoring program printed, at most 64 KiB (its end), for organizers only: it may
   * quote the gold. Null for built-in suites.
   */
  public String log;

  @Column(name = "scored_at")
  public Instant scoredAt;

  @Embeddable
  public record Key(@Column(name = "submission_id") UUID submissionId, int run)
      implements Serializable {}
}
