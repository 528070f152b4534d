package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DatasetFileRepository implements PanacheRepositoryBase<DatasetFileEntity, UUID> {
  public List<DatasetFileEntity> listForVersion(UUID versionId) {
    return list("versionId = ?1 order by path", versionId);
  }

  public Optional<DatasetFileEntity> findByPath(UUID versionId, String path) {
    return find("versionId = ?1 and path = ?2", versionId, path).firstResultOptional();
  }
}
