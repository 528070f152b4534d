package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AgreementRepository implements PanacheRepositoryBase<AgreementEntity, UUID> {
  public Optional<AgreementEntity> current(UUID datasetId) {
    return find("datasetId = ?1 order by version desc", datasetId).firstResultOptional();
  }

  public Optional<AgreementEntity> findVersion(UUID datasetId, int version) {
    return find("datasetId = ?1 and version = ?2", datasetId, version).firstResultOptional();
  }

  public List<AgreementEntity> listForDataset(UUID datasetId) {
    return list("datasetId = ?1 order by version", datasetId);
  }
}
