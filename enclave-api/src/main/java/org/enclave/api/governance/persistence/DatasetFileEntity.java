package org.enclave.api.governance.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "dataset_file")
public class DatasetFileEntity {
  @Id public UUID id;

  @Column(name = "version_id")
  public UUID versionId;

  public String path;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  @Column(name = "media_type")
  public String mediaType;

  @Column(name = "uploaded_at")
  public Instant uploadedAt;

  @Column(name = "uploaded_by")
  public String uploadedBy;

  /** The ingest job that wrote this file, or null for a file uploaded as it is. */
  @Column(name = "ingest_job_id")
  public UUID ingestJobId;
}
