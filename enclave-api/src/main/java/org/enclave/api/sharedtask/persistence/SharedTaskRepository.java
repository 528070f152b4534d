package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SharedTaskRepository implements PanacheRepositoryBase<SharedTaskEntity, UUID> {

  public Optional<SharedTaskEntity> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  public List<SharedTaskEntity> listAllByName() {
    return list("order by name");
  }

  /** Locks the task against a concurrent gold change or re-score (and waits for one). */
  public Optional<SharedTaskEntity> lockForUpdate(UUID id) {
    return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  /** Holds off gold changes and re-scores while a new submission's score is recorded. */
  public Optional<SharedTaskEntity> lockForShare(UUID id) {
    return findByIdOptional(id, LockModeType.PESSIMISTIC_READ);
  }
}
