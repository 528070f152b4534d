package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DatasetVersionRepository implements PanacheRepositoryBase<DatasetVersionEntity, UUID> {
  public List<DatasetVersionEntity> listForDataset(UUID datasetId) {
    return list("datasetId = ?1 order by createdAt", datasetId);
  }

  public Optional<DatasetVersionEntity> findInDataset(UUID datasetId, UUID versionId) {
    return find("id = ?1 and datasetId = ?2", versionId, datasetId).firstResultOptional();
  }

  public boolean labelTaken(UUID datasetId, String label) {
    return count("datasetId = ?1 and label = ?2", datasetId, label) > 0;
  }
}
