package org.enclave.api.export.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A dataset the team was granted when it filed an export request. */
@Entity
@Table(name = "export_request_dataset")
public class ExportRequestDatasetEntity {
  @Id public UUID id;

  @Column(name = "request_id")
  public UUID requestId;

  @Column(name = "dataset_id")
  public UUID datasetId;
}
