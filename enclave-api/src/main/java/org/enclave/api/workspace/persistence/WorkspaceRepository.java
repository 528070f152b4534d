package org.enclave.api.workspace.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.workspace.model.WorkspaceState;

@ApplicationScoped
public class WorkspaceRepository implements PanacheRepositoryBase<WorkspaceEntity, UUID> {

  public Optional<WorkspaceEntity> lockForUpdate(UUID id) {
    return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  /** Workspaces of these teams (all teams if null), optionally in one state, newest first. */
  public List<WorkspaceEntity> search(Collection<UUID> teamIds, WorkspaceState state) {
    if (teamIds != null && teamIds.isEmpty()) {
      return List.of();
    }
    StringBuilder q = new StringBuilder("1 = 1");
    if (teamIds != null) {
      q.append(" and teamId in :teams");
    }
    if (state != null) {
      q.append(" and state = :state");
    }
    var params = new java.util.HashMap<String, Object>();
    if (teamIds != null) {
      params.put("teams", teamIds);
    }
    if (state != null) {
      params.put("state", state);
    }
    return list(q + " order by createdAt desc, id", params);
  }

  public List<WorkspaceEntity> inStates(Collection<WorkspaceState> states) {
    return list("state in ?1 order by createdAt", states);
  }

  /** Workspaces of the team that hold a running slot: starting or running. */
  public long countActive(UUID teamId) {
    return count(
        "teamId = ?1 and state in ?2",
        teamId,
        List.of(WorkspaceState.STARTING, WorkspaceState.RUNNING));
  }

  /** Workspaces of every team that hold a running slot: starting or running. */
  public long countActive() {
    return count("state in ?1", List.of(WorkspaceState.STARTING, WorkspaceState.RUNNING));
  }

  /**
   * Serializes starts across all teams until the transaction ends, so that two starts cannot both
   * take the deployment's last slot (a PostgreSQL transaction-scoped advisory lock).
   */
  public void lockStarts() {
    getEntityManager()
        .createNativeQuery("select pg_advisory_xact_lock(7353729100001)")
        .getSingleResult();
  }

  public boolean nameTaken(UUID teamId, String name) {
    return count(
            "teamId = ?1 and name = ?2 and state <> ?3", teamId, name, WorkspaceState.TERMINATED)
        > 0;
  }

  /** Moves the last activity of a running workspace forward to {@code at}, never back. */
  public int recordActivity(UUID id, Instant at) {
    return update(
        "lastActivityAt = ?2 where id = ?1 and state = ?3"
            + " and (lastActivityAt is null or lastActivityAt < ?2)",
        id,
        at,
        WorkspaceState.RUNNING);
  }

  /** Running workspaces with no activity since {@code cutoff}. */
  public List<WorkspaceEntity> idleSince(Instant cutoff) {
    return list(
        "state = ?1 and coalesce(lastActivityAt, startedAt) < ?2 order by lastActivityAt",
        WorkspaceState.RUNNING,
        cutoff);
  }
}
