package org.enclave.api.ingest.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RawFileRepository implements PanacheRepositoryBase<RawFileEntity, UUID> {

  /** The version's raw file at {@code path} that is not deleted. */
  public Optional<RawFileEntity> live(UUID versionId, String path) {
    return find("versionId = ?1 and path = ?2 and deletedAt is null", versionId, path)
        .firstResultOptional();
  }

  /** Every raw file of the version, deleted ones too, by path then upload time. */
  public List<RawFileEntity> ofVersion(UUID versionId) {
    return list("versionId = ?1 order by path, uploadedAt", versionId);
  }
}
