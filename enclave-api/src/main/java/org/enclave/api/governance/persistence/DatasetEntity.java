package org.enclave.api.governance.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "dataset")
public class DatasetEntity {
  @Id public UUID id;
  public String name;
  public String description;

  @Column(name = "sensitivity_tier")
  public int sensitivityTier;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "created_by")
  public String createdBy;
}
