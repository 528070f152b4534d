package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportReviewRepository implements PanacheRepositoryBase<ExportReviewEntity, UUID> {

  /** A request's decisions, oldest first. */
  public List<ExportReviewEntity> ofRequest(UUID requestId) {
    return list("requestId = ?1 order by decidedAt, id", requestId);
  }
}
