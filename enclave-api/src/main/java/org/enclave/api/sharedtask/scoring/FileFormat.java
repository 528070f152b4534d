package org.enclave.api.sharedtask.scoring;

/** How a submission file is encoded (see docs/shared-task-formats.md). */
public enum FileFormat {
  TSV,
  JSON
}
