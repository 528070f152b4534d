package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.enclave.api.sharedtask.model.CountedSubmission;
import org.enclave.api.sharedtask.model.TieRule;
import org.enclave.api.sharedtask.scoring.Direction;

/** A shared task: its inputs, how it is scored and ranked, and which scoring run is current. */
@Entity
@Table(name = "shared_task")
public class SharedTaskEntity {
  @Id public UUID id;

  public String name;
  public String title;
  public String description;

  @Column(name = "dataset_id")
  public UUID datasetId;

  @Column(name = "version_id")
  public UUID versionId;

  public String suite;

  @Column(name = "primary_metric")
  public String primaryMetric;

  @Enumerated(EnumType.STRING)
  public Direction direction;

  @Enumerated(EnumType.STRING)
  @Column(name = "tie_rule")
  public TieRule tieRule;

  @Enumerated(EnumType.STRING)
  @Column(name = "counted_submission")
  public CountedSubmission countedSubmission;

  @Column(name = "score_decimals")
  public Integer scoreDecimals;

  @Column(name = "ladder_step")
  public Double ladderStep;

  @Column(name = "current_run")
  public int currentRun;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "created_by")
  public String createdBy;

  @Version
  @Column(name = "row_version")
  public long rowVersion;
}
