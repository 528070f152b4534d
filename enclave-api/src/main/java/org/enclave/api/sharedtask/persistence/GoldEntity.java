package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One upload of a task's gold labels; the bytes stay in the object store, read by the scorer. */
@Entity
@Table(name = "shared_task_gold")
public class GoldEntity {
  @Id public UUID id;

  @Column(name = "task_id")
  public UUID taskId;

  public int version;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  /** Users the gold labels; null for a scoring program's gold, which only the program reads. */
  @Column(name = "item_count")
  public Integer itemCount;

  public String note;

  @Column(name = "uploaded_at")
  public Instant uploadedAt;

  @Column(name = "uploaded_by")
  public String uploadedBy;
}
