package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DatasetStewardRepository
    implements PanacheRepositoryBase<DatasetStewardEntity, DatasetStewardEntity.Key> {

  public List<String> stewardsOf(UUID datasetId) {
    return find("id.datasetId = ?1 order by id.username", datasetId).stream()
        .map(s -> s.id.username())
        .toList();
  }

  public boolean isSteward(UUID datasetId, String username) {
    return count("id.datasetId = ?1 and id.username = ?2", datasetId, username) > 0;
  }

  public List<UUID> datasetsStewardedBy(String username) {
    return find("id.username", username).stream().map(s -> s.id.datasetId()).toList();
  }
}
