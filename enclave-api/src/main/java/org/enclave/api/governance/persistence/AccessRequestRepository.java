package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AccessRequestRepository implements PanacheRepositoryBase<AccessRequestEntity, UUID> {

  /** Loads the request and locks its row until the transaction ends, so that it is decided once. */
  public Optional<AccessRequestEntity> lockForDecision(UUID id) {
    return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  /**
   * Requests visible to a caller, newest first: for the given datasets or teams (either list may be
   * null to mean "no restriction", or empty to mean "none"), optionally of one status.
   */
  public List<AccessRequestEntity> search(
      AccessRequestEntity.Status status,
      UUID datasetId,
      List<UUID> datasetScope,
      List<UUID> teamScope) {
    StringBuilder q = new StringBuilder("1 = 1");
    Parameters p = new Parameters();
    if (status != null) {
      q.append(" and status = :status");
      p.and("status", status);
    }
    if (datasetId != null) {
      q.append(" and datasetId = :datasetId");
      p.and("datasetId", datasetId);
    }
    if (datasetScope != null && teamScope != null) {
      if (datasetScope.isEmpty() && teamScope.isEmpty()) {
        return List.of();
      }
      q.append(" and (");
      q.append(datasetScope.isEmpty() ? "1 = 0" : "datasetId in :datasets");
      q.append(" or ");
      q.append(teamScope.isEmpty() ? "1 = 0" : "teamId in :teams");
      q.append(")");
      if (!datasetScope.isEmpty()) {
        p.and("datasets", datasetScope);
      }
      if (!teamScope.isEmpty()) {
        p.and("teams", teamScope);
      }
    }
    q.append(" order by requestedAt desc");
    return list(q.toString(), p);
  }
}
