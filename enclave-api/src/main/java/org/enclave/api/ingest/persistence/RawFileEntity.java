package org.enclave.api.ingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A raw upload in a version's quarantine; kept as a record after its object is deleted. */
@Entity
@Table(name = "ingest_raw_file")
public class RawFileEntity {
  @Id public UUID id;

  @Column(name = "dataset_id")
  public UUID datasetId;

  @Column(name = "version_id")
  public UUID versionId;

  public String path;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  @Column(name = "uploaded_at")
  public Instant uploadedAt;

  @Column(name = "uploaded_by")
  public String uploadedBy;

  @Column(name = "deleted_at")
  public Instant deletedAt;

  @Column(name = "deleted_by")
  public String deletedBy;
}
