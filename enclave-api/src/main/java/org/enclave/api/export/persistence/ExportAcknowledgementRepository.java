package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportAcknowledgementRepository
    implements PanacheRepositoryBase<ExportAcknowledgementEntity, UUID> {

  /** The acknowledgements the reviews of a request gave, in no particular order. */
  public List<ExportAcknowledgementEntity> ofRequest(UUID requestId) {
    return list(
        "reviewId in (select r.id from ExportReviewEntity r where r.requestId = ?1)", requestId);
  }
}
