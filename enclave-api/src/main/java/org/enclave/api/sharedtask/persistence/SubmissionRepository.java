package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SubmissionRepository implements PanacheRepositoryBase<SubmissionEntity, UUID> {

  public List<SubmissionEntity> listForTask(UUID taskId) {
    return list("taskId = ?1 order by submittedAt, id", taskId);
  }

  public List<SubmissionEntity> listForTeams(UUID taskId, List<UUID> teamIds) {
    if (teamIds.isEmpty()) {
      return List.of();
    }
    return list("taskId = ?1 and teamId in ?2 order by submittedAt, id", taskId, teamIds);
  }

  /** Team submissions of a phase, oldest first. */
  public List<SubmissionEntity> listForPhase(UUID phaseId) {
    return list("phaseId = ?1 and baseline = false order by submittedAt, id", phaseId);
  }

  public Optional<SubmissionEntity> baselineOf(UUID taskId) {
    return find("taskId = ?1 and baseline = true", taskId).firstResultOptional();
  }

  /** Accepted submissions of the team in the phase at or after {@code from}. */
  public long countSince(UUID phaseId, UUID teamId, Instant from) {
    return count("phaseId = ?1 and teamId = ?2 and submittedAt >= ?3", phaseId, teamId, from);
  }

  public long countInPhase(UUID phaseId, UUID teamId) {
    return count("phaseId = ?1 and teamId = ?2", phaseId, teamId);
  }

  /** Clears the team's choice in the phase (before another submission is chosen). */
  public void clearChoice(UUID phaseId, UUID teamId) {
    update("chosen = false where phaseId = ?1 and teamId = ?2 and chosen = true", phaseId, teamId);
  }
}
