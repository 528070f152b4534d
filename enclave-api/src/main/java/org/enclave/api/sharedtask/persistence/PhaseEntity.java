package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.enclave.api.sharedtask.model.LeaderboardVisibility;

/** A window in which teams submit, with its limits and who sees its leaderboard. */
@Entity
@Table(name = "shared_task_phase")
public class PhaseEntity {
  @Id public UUID id;

  @Column(name = "task_id")
  public UUID taskId;

  public String name;

  @Column(name = "starts_at")
  public Instant startsAt;

  @Column(name = "ends_at")
  public Instant endsAt;

  @Column(name = "daily_limit")
  public Integer dailyLimit;

  @Column(name = "total_limit")
  public Integer totalLimit;

  @Enumerated(EnumType.STRING)
  public LeaderboardVisibility leaderboard;

  @Column(name = "revealed_at")
  public Instant revealedAt;

  @Column(name = "revealed_by")
  public String revealedBy;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "created_by")
  public String createdBy;

  /** Open for submissions at {@code now}: start inclusive, end exclusive. */
  public boolean openAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }
}
