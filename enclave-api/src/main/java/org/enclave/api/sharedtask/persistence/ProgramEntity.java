package org.enclave.api.sharedtask.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One upload of a task's scoring program. The bytes stay in the object store under a restricted
 * key; the program runs per submission in a sandbox with no network, within these limits.
 */
@Entity
@Table(name = "shared_task_program")
public class ProgramEntity {
  /** What the program is, and so how it is started. */
  public enum Kind {
    /** A Python 3 script, run by the host's {@code /usr/bin/python3}. */
    PYTHON,
    /** An executable jar (its manifest names the main class), run by the control plane's JDK. */
    JAR
  }

  @Id public UUID id;

  @Column(name = "task_id")
  public UUID taskId;

  public int version;

  @Enumerated(EnumType.STRING)
  public Kind kind;

  @Column(name = "file_name")
  public String fileName;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public long sizeBytes;

  public String sha256;

  @Column(name = "time_limit_seconds")
  public int timeLimitSeconds;

  @Column(name = "memory_mib")
  public int memoryMiB;

  public String note;

  @Column(name = "uploaded_at")
  public Instant uploadedAt;

  @Column(name = "uploaded_by")
  public String uploadedBy;
}
