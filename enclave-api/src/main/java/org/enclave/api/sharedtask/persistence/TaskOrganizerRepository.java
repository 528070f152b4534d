package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TaskOrganizerRepository
    implements PanacheRepositoryBase<TaskOrganizerEntity, TaskOrganizerEntity.Key> {

  public List<String> organizersOf(UUID taskId) {
    return find("id.taskId = ?1 order by id.username", taskId).stream()
        .map(o -> o.id.username())
        .toList();
  }

  public boolean isOrganizer(UUID taskId, String username) {
    return count("id.taskId = ?1 and id.username = ?2", taskId, username) > 0;
  }

  /**
   * Whether the user belongs to a team that holds or held a grant for the task's dataset version: a
   * participant, who may see the task's published leaderboards.
   */
  public boolean isParticipant(UUID taskId, String username) {
    Number n =
        (Number)
            getEntityManager()
                .createNativeQuery(
                    """
                    select count(*) from shared_task t
                      join access_grant g on g.version_id = t.version_id
                      join team_member m on m.team_id = g.team_id
                     where t.id = ?1 and m.username = ?2
                    """)
                .setParameter(1, taskId)
                .setParameter(2, username)
                .getSingleResult();
    return n.longValue() > 0;
  }
}
