package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TeamMemberRepository
    implements PanacheRepositoryBase<TeamMemberEntity, TeamMemberEntity.Key> {

  public List<TeamMemberEntity> listForTeam(UUID teamId) {
    return list("id.teamId = ?1 order by id.username", teamId);
  }

  public Optional<TeamMemberEntity> findMember(UUID teamId, String username) {
    return findByIdOptional(new TeamMemberEntity.Key(teamId, username));
  }

  /** Ids of the teams the user belongs to. */
  public List<UUID> teamIdsOf(String username) {
    return find("id.username", username).stream().map(m -> m.id.teamId()).toList();
  }

  public boolean isMember(UUID teamId, String username) {
    return count("id.teamId = ?1 and id.username = ?2", teamId, username) > 0;
  }

  public boolean isLead(UUID teamId, String username) {
    return count("id.teamId = ?1 and id.username = ?2 and lead = true", teamId, username) > 0;
  }
}
