package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportFindingRepository implements PanacheRepositoryBase<ExportFindingEntity, UUID> {

  /** A request's findings, in the order the checks made them. */
  public List<ExportFindingEntity> ofRequest(UUID requestId) {
    return list("requestId = ?1 order by position", requestId);
  }
}
