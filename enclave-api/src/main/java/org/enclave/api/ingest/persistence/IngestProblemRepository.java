package org.enclave.api.ingest.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IngestProblemRepository
    implements PanacheRepositoryBase<IngestProblemEntity, IngestProblemEntity.Key> {

  /** The job's first {@code limit} problems, in row order. */
  public List<IngestProblemEntity> ofJob(UUID jobId, int limit) {
    return find("id.jobId = ?1 order by id.seq", jobId).page(0, limit).list();
  }

  public long countOf(UUID jobId) {
    return count("id.jobId = ?1", jobId);
  }

  /** Removes the problems recorded after the last checkpoint (seq beyond {@code keep}). */
  public void truncate(UUID jobId, long keep) {
    delete("id.jobId = ?1 and id.seq > ?2", jobId, (int) keep);
  }
}
