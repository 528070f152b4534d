package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class GrantRepository implements PanacheRepositoryBase<GrantEntity, UUID> {

  public Optional<GrantEntity> lockForUpdate(UUID id) {
    return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  public List<GrantEntity> listForDataset(UUID datasetId) {
    return list("datasetId = ?1 order by grantedAt desc", datasetId);
  }

  public List<GrantEntity> listForTeams(List<UUID> teamIds) {
    if (teamIds.isEmpty()) {
      return List.of();
    }
    return list("teamId in ?1 order by grantedAt desc", teamIds);
  }

  public List<GrantEntity> listAll() {
    return list("order by grantedAt desc");
  }

  public List<GrantEntity> listActiveForDataset(UUID datasetId, Instant now) {
    return list(
        "datasetId = ?1 and revokedAt is null and expiresAt > ?2 order by grantedAt",
        datasetId,
        now);
  }
}
