package org.enclave.api.governance.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "dataset_steward")
public class DatasetStewardEntity {
  @EmbeddedId public Key id;

  @Column(name = "added_at")
  public Instant addedAt;

  @Column(name = "added_by")
  public String addedBy;

  @Embeddable
  public record Key(@Column(name = "dataset_id") UUID datasetId, String username)
      implements Serializable {}
}
