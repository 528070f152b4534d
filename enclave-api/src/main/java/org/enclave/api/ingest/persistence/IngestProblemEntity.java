package org.enclave.api.ingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** What was wrong with one row of a job's raw file (row 0: the file as a whole). */
@Entity
@Table(name = "ingest_problem")
public class IngestProblemEntity {
  @Embeddable
  public record Key(@Column(name = "job_id") UUID jobId, int seq) implements Serializable {}

  @EmbeddedId public Key id;

  @Column(name = "row_number")
  public long rowNumber;

  public String message;
}
