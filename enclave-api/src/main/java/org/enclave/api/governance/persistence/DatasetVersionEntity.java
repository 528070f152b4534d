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
@Table(name = "dataset_version")
public class DatasetVersionEntity {
  public enum State {
    DRAFT,
    PUBLISHED
  }

  @Id public UUID id;

  @Column(name = "dataset_id")
  public UUID datasetId;

  public String label;
  public String notes;

  @Enumerated(EnumType.STRING)
  public State state;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "published_at")
  public Instant publishedAt;

  @Column(name = "published_by")
  public String publishedBy;

  @Version
  @Column(name = "row_version")
  public long rowVersion;
}
