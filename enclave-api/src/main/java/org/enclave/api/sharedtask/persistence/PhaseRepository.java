package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PhaseRepository implements PanacheRepositoryBase<PhaseEntity, UUID> {

  public List<PhaseEntity> listForTask(UUID taskId) {
    return list("taskId = ?1 order by startsAt", taskId);
  }

  /** The phase open at {@code now}; phases of a task never overlap, so there is at most one. */
  public Optional<PhaseEntity> openAt(UUID taskId, Instant now) {
    return find("taskId = ?1 and startsAt <= ?2 and endsAt > ?2", taskId, now)
        .firstResultOptional();
  }

  /** Phases of the task whose window overlaps {@code [start, end)}. */
  public long countOverlapping(UUID taskId, Instant start, Instant end) {
    return count("taskId = ?1 and startsAt < ?3 and endsAt > ?2", taskId, start, end);
  }
}
