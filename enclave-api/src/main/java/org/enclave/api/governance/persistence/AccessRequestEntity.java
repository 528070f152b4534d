package org.enclave.api.governance.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "access_request")
public class AccessRequestEntity {
  public enum Status {
    PENDING,
    APPROVED,
    DENIED
  }

  @Id public UUID id;

  @Column(name = "team_id")
  public UUID teamId;

  @Column(name = "dataset_id")
  public UUID datasetId;

  @Column(name = "version_id")
  public UUID versionId;

  public String purpose;

  @Column(name = "ethics_reference")
  public String ethicsReference;

  @Column(name = "duration_days")
  public int durationDays;

  @Enumerated(EnumType.STRING)
  public Status status;

  @Column(name = "requested_by")
  public String requestedBy;

  @Column(name = "requested_at")
  public Instant requestedAt;

  @Column(name = "decided_by")
  public String decidedBy;

  @Column(name = "decided_at")
  public Instant decidedAt;

  @Column(name = "decision_reason")
  public String decisionReason;

  @Version
  @Column(name = "row_version")
  public long rowVersion;
}
