package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ScoringRunRepository
    implements PanacheRepositoryBase<ScoringRunEntity, ScoringRunEntity.Key> {

  public List<ScoringRunEntity> listForTask(UUID taskId) {
    return list("id.taskId = ?1 order by id.run", taskId);
  }

  public Optional<ScoringRunEntity> find(UUID taskId, int run) {
    return findByIdOptional(new ScoringRunEntity.Key(taskId, run));
  }
}
