package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class ScoreRepository implements PanacheRepositoryBase<ScoreEntity, ScoreEntity.Key> {

  public Optional<ScoreEntity> find(UUID submissionId, int run) {
    return findByIdOptional(new ScoreEntity.Key(submissionId, run));
  }

  /** Every run's score of a submission, oldest run first. */
  public List<ScoreEntity> history(UUID submissionId) {
    return list("id.submissionId = ?1 order by id.run", submissionId);
  }

  /** The scores of the given submissions in one run, by submission id. */
  public Map<UUID, ScoreEntity> inRun(Collection<UUID> submissionIds, int run) {
    if (submissionIds.isEmpty()) {
      return Map.of();
    }
    return list("id.submissionId in ?1 and id.run = ?2", submissionIds, run).stream()
        .collect(Collectors.toMap(s -> s.id.submissionId(), Function.identity()));
  }

  public long countInRun(UUID taskId, int run, ScoreEntity.Status status) {
    return count("taskId = ?1 and id.run = ?2 and status = ?3", taskId, run, status);
  }
}
