package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportRequestRepository implements PanacheRepositoryBase<ExportRequestEntity, UUID> {

  /** The team's requests, newest first. */
  public List<ExportRequestEntity> listForTeam(UUID teamId) {
    return list("teamId = ?1 order by createdAt desc, id", teamId);
  }

  /** Requests in any of these states, newest first, at most {@code limit}. */
  public List<ExportRequestEntity> listInStates(
      java.util.Collection<ExportState> states, int limit) {
    return find("state in ?1 order by createdAt desc, id", states).page(0, limit).list();
  }

  /** The newest requests, at most {@code limit}. */
  public List<ExportRequestEntity> listNewest(int limit) {
    return find("order by createdAt desc, id").page(0, limit).list();
  }

  /** The request that resubmits a returned one, if any. */
  public java.util.Optional<ExportRequestEntity> resubmissionOf(UUID returned) {
    return find("resubmits", returned).firstResultOptional();
  }
}
