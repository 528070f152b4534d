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
@Table(name = "agreement_acceptance")
public class AgreementAcceptanceEntity {
  @EmbeddedId public Key id;

  @Column(name = "accepted_at")
  public Instant acceptedAt;

  @Embeddable
  public record Key(@Column(name = "agreement_id") UUID agreementId, String username)
      implements Serializable {}
}
