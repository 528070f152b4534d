package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportRequestDatasetRepository
    implements PanacheRepositoryBase<ExportRequestDatasetEntity, UUID> {

  /** The datasets the team was granted when it filed the request. */
  public List<UUID> datasetsOf(UUID requestId) {
    return getEntityManager()
        .createQuery(
            "select d.datasetId from ExportRequestDatasetEntity d where d.requestId = ?1"
                + " order by d.datasetId",
            UUID.class)
        .setParameter(1, requestId)
        .getResultList();
  }

  /** The requests that concern a dataset. */
  public List<UUID> requestsOf(UUID datasetId) {
    return getEntityManager()
        .createQuery(
            "select d.requestId from ExportRequestDatasetEntity d where d.datasetId = ?1",
            UUID.class)
        .setParameter(1, datasetId)
        .getResultList();
  }
}
