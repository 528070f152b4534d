package org.enclave.api.governance.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One version of a dataset's data use agreement. */
@Entity
@Table(name = "data_use_agreement")
public class AgreementEntity {
  @Id public UUID id;

  @Column(name = "dataset_id")
  public UUID datasetId;

  public int version;
  public String text;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "created_by")
  public String createdBy;
}
