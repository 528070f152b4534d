package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<TeamEntity, UUID> {
  public Optional<TeamEntity> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  public List<TeamEntity> listOrdered() {
    return list("order by name");
  }

  public List<TeamEntity> listForMember(String username) {
    return list(
        "id in (select m.id.teamId from TeamMemberEntity m where m.id.username = ?1) order by name",
        username);
  }
}
