package org.enclave.api.ingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One run of the masking pipeline over a raw file. Its progress is saved at every checkpoint
 * ({@link #rowsDone}, {@link #parts}, {@link #stats}), so a restart resumes where it stopped.
 */
@Entity
@Table(name = "ingest_job")
public class IngestJobEntity {
  /** Where a job is. QUEUED and RUNNING are unfinished; the others are final. */
  public enum State {
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    public boolean finalState() {
      return this != QUEUED && this != RUNNING;
    }
  }

  /** The formats a raw file may be in. */
  public enum Format {
    JSONL,
    CSV,
    TSV
  }

  @Id public UUID id;

  @Column(name = "dataset_id")
  public UUID datasetId;

  @Column(name = "version_id")
  public UUID versionId;

  @Column(name = "raw_file_id")
  public UUID rawFileId;

  @Enumerated(EnumType.STRING)
  public Format format;

  /** The column mapping as JSON. */
  public String mapping;

  @Column(name = "output_path")
  public String outputPath;

  @Enumerated(EnumType.STRING)
  public State state;

  @Column(name = "rows_total")
  public Long rowsTotal;

  @Column(name = "rows_done")
  public long rowsDone;

  @Column(name = "rows_rejected")
  public long rowsRejected;

  /** Checkpointed parts of the output written so far. */
  public int parts;

  /** The masking statistics as of the last checkpoint, as JSON. */
  public String stats;

  @Column(name = "policy_hash")
  public String policyHash;

  public String model;

  public String failure;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "started_by")
  public String startedBy;

  @Column(name = "progress_at")
  public Instant progressAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Column(name = "cancel_requested")
  public boolean cancelRequested;

  @Column(name = "cancelled_by")
  public String cancelledBy;

  @Column(name = "accepted_at")
  public Instant acceptedAt;

  @Column(name = "accepted_by")
  public String acceptedBy;

  @Column(name = "output_file_id")
  public UUID outputFileId;
}
