package org.enclave.api.ingest.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IngestJobRepository implements PanacheRepositoryBase<IngestJobEntity, UUID> {

  /** The version's jobs, oldest first. */
  public List<IngestJobEntity> ofVersion(UUID versionId) {
    return list("versionId = ?1 order by startedAt, id", versionId);
  }

  /** Jobs a restart must pick up again, oldest first. */
  public List<IngestJobEntity> unfinished() {
    return list(
        "state in ?1 order by startedAt, id",
        List.of(IngestJobEntity.State.QUEUED, IngestJobEntity.State.RUNNING));
  }

  /** Whether a job of the version is queued or running. */
  public boolean running(UUID versionId) {
    return count(
            "versionId = ?1 and state in ?2",
            versionId,
            List.of(IngestJobEntity.State.QUEUED, IngestJobEntity.State.RUNNING))
        > 0;
  }
}
