package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<DatasetEntity, UUID> {
  public Optional<DatasetEntity> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  public List<DatasetEntity> listOrdered() {
    return list("order by name");
  }
}
