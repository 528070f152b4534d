package org.enclave.api.sharedtask.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class GoldRepository implements PanacheRepositoryBase<GoldEntity, UUID> {

  public List<GoldEntity> listForTask(UUID taskId) {
    return list("taskId = ?1 order by version", taskId);
  }

  public Optional<GoldEntity> findVersion(UUID taskId, int version) {
    return find("taskId = ?1 and version = ?2", taskId, version).firstResultOptional();
  }

  public int latestVersion(UUID taskId) {
    Integer v =
        getEntityManager()
            .createQuery(
                "select max(g.version) from GoldEntity g where g.taskId = ?1", Integer.class)
            .setParameter(1, taskId)
            .getSingleResult();
    return v == null ? 0 : v;
  }
}
