package org.enclave.api.governance.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A team's right to read one dataset version, until it expires or is revoked. */
@Entity
@Table(name = "access_grant")
public class GrantEntity {
  @Id public UUID id;

  @Column(name = "request_id")
  public UUID requestId;

  @Column(name = "team_id")
  public UUID teamId;

  @Column(name = "dataset_id")
  public UUID datasetId;

  @Column(name = "version_id")
  public UUID versionId;

  @Column(name = "granted_by")
  public String grantedBy;

  @Column(name = "granted_at")
  public Instant grantedAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoked_by")
  public String revokedBy;

  @Column(name = "revoke_reason")
  public String revokeReason;

  @Version
  @Column(name = "row_version")
  public long rowVersion;

  public boolean isActive(Instant now) {
    return revokedAt == null && expiresAt.isAfter(now);
  }
}
