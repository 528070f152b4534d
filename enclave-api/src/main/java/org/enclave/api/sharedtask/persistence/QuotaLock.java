package org.enclave.api.sharedtask.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * Serializes the submissions of one team in one phase: the row is created if missing and locked
 * until the caller's transaction ends, so that counting and recording a submission cannot race
 * another submission of the same team (other teams are not held up).
 */
@ApplicationScoped
public class QuotaLock {
  @Inject EntityManager em;

  /** Call inside a transaction; holds the lock until it commits or rolls back. */
  public void lock(UUID phaseId, UUID teamId) {
    em.createNativeQuery(
            "insert into shared_task_quota (phase_id, team_id) values (?1, ?2)"
                + " on conflict do nothing")
        .setParameter(1, phaseId)
        .setParameter(2, teamId)
        .executeUpdate();
    em.createNativeQuery(
            "select phase_id from shared_task_quota where phase_id = ?1 and team_id = ?2"
                + " for update")
        .setParameter(1, phaseId)
        .setParameter(2, teamId)
        .getResultList();
  }
}
