package org.enclave.api.export.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** An approving reviewer's reason for letting a finding leave. */
@Entity
@Table(name = "export_acknowledgement")
public class ExportAcknowledgementEntity {
  @Id public UUID id;

  @Column(name = "finding_id")
  public UUID findingId;

  @Column(name = "review_id")
  public UUID reviewId;

  public String reason;
}
