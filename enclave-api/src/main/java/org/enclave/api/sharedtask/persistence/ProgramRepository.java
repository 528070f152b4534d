package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ProgramRepository implements PanacheRepositoryBase<ProgramEntity, UUID> {

  public List<ProgramEntity> listForTask(UUID taskId) {
    return list("taskId = ?1 order by version", taskId);
  }

  public Optional<ProgramEntity> findVersion(UUID taskId, int version) {
    return find("taskId = ?1 and version = ?2", taskId, version).firstResultOptional();
  }

  /** The newest upload, if any. */
  public Optional<ProgramEntity> latest(UUID taskId) {
    return find("taskId = ?1 order by version desc", taskId).firstResultOptional();
  }
}
