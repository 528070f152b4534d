package org.enclave.api.ingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A dataset's masking policy; the term lists are JSON text. */
@Entity
@Table(name = "masking_policy")
public class MaskingPolicyEntity {
  @Id
  @Column(name = "dataset_id")
  public UUID datasetId;

  /** Comma-separated entity type names. */
  @Column(name = "masked_types")
  public String maskedTypes;

  /** JSON object: term → entity type. */
  @Column(name = "always_masked")
  public String alwaysMasked;

  /** JSON array of terms. */
  @Column(name = "never_masked")
  public String neverMasked;

  @Column(name = "date_shift_days")
  public int dateShiftDays;

  @Column(name = "require_ingest")
  public boolean requireIngest;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "updated_by")
  public String updatedBy;
}
