package org.enclave.api.broker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the broker asks of governance, afresh on every request (nothing is cached, so a revocation
 * holds from the next request on).
 */
public interface BrokerCatalog {

  /** The buckets the workspace may read now, in name order. */
  List<BucketAccess> readableBuckets(WorkspaceIdentity workspace, Instant now);

  /**
   * The bucket if the workspace may read it now.
   *
   * @throws org.enclave.api.broker.s3.S3Exception {@code NoSuchBucket} if the team never had a
   *     grant for it or it is restricted, {@code AccessDenied} if the grant is revoked or expired
   *     or the workspace owner's agreement is not current
   */
  BucketAccess requireReadable(WorkspaceIdentity workspace, String bucket, Instant now);

  /** A readable bucket and the servable file at a key in it, if there is one. */
  record ReadableObject(BucketAccess access, Optional<DatasetObject> object) {}

  /**
   * The bucket, decided as by {@link #requireReadable}, and the file at {@code key}: one
   * transaction for the whole decision.
   */
  ReadableObject requireObject(WorkspaceIdentity workspace, String bucket, String key, Instant now);

  /** The servable files of a version, in S3 key order. */
  List<DatasetObject> objects(UUID versionId);
}
