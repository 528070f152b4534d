package org.enclave.api.export.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExportFileRepository implements PanacheRepositoryBase<ExportFileEntity, UUID> {

  /** The files of a request, in the order the team listed them. */
  public List<ExportFileEntity> ofRequest(UUID requestId) {
    return list("requestId = ?1 order by position", requestId);
  }

  /** Staged files no request took before they expired. */
  public List<ExportFileEntity> expiredBefore(Instant now, int limit) {
    return find("requestId is null and expiresAt <= ?1 order by expiresAt", now)
        .page(0, limit)
        .list();
  }
}
