package org.enclave.audit.log;

/**
 * Somewhere outside the log's database that keeps every signed checkpoint, so that rewriting the
 * database cannot also rewrite history: an append-only file locally, S3 Object Lock in AWS.
 */
public interface CheckpointAnchor {
  /** Appends one signed checkpoint note durably. */
  void append(long treeSize, String signedNote) throws Exception;
}
