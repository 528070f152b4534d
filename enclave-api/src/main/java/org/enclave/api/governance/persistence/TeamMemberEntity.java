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
@Table(name = "team_member")
public class TeamMemberEntity {
  @EmbeddedId public Key id;
  public boolean lead;

  @Column(name = "added_at")
  public Instant addedAt;

  @Column(name = "added_by")
  public String addedBy;

  @Embeddable
  public record Key(@Column(name = "team_id") UUID teamId, String username)
      implements Serializable {}
}
