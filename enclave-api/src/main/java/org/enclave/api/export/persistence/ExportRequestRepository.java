package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportRequestRepository implements PanacheRepositoryBase<ExportRequestEntity, UUID> {

  /** The team's requests, newest first. */
  public List<ExportRequestEntity> listForTeam(UUID teamId) {
    return list("teamId = ?1 order by createdAt desc, id", teamId);
  }
}
