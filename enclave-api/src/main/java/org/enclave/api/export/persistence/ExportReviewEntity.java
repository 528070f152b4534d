package org.enclave.api.export.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One reviewer's decision on an export request; a reviewer decides a request once. */
@Entity
@Table(name = "export_review")
public class ExportReviewEntity {
  /** What a reviewer decided. */
  public enum Decision {
    APPROVE,
    REJECT,
    RETURN;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Id public UUID id;

  @Column(name = "request_id")
  public UUID requestId;

  public String reviewer;

  @Enumerated(EnumType.STRING)
  public Decision decision;

  public String comment;

  @Column(name = "decided_at")
  public Instant decidedAt;
}
