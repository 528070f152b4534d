package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.broker.s3.ObjectListing;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Exception;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;

/**
 * The broker's view of governance, read from the database on every call (one statement decides a
 * request, file included; see {@link BucketGrantsQuery}). A bucket is readable when the workspace's
 * team holds a live grant (not revoked, not expired) for that dataset version, the dataset is not
 * restricted, and the workspace's owner is still a member of the team and has accepted the
 * dataset's current data use agreement.
 */
@ApplicationScoped
public class GovernanceCatalog implements BrokerCatalog {
  @Inject BucketGrantsQuery grants;
  @Inject DatasetFileRepository files;
  @Inject BrokerConfig config;

  @Override
  public List<BucketAccess> readableBuckets(WorkspaceIdentity ws, Instant now) {
    Map<String, BucketAccess> found = new LinkedHashMap<>();
    for (BucketGrantsQuery.Row row : grants.grants(ws.teamId(), ws.owner(), null)) {
      if (row.live(now)
          && row.ownerIsMember()
          && !restricted(row.dataset())
          && agreementProblem(row) == null) {
        found.putIfAbsent(row.bucket(), row.access());
      }
    }
    List<BucketAccess> list = new ArrayList<>(found.values());
    list.sort(Comparator.comparing(BucketAccess::bucket, ObjectListing::compare));
    return list;
  }

  @Override
  public BucketAccess requireReadable(WorkspaceIdentity ws, String bucket, Instant now) {
    return decide(grants.grants(ws.teamId(), ws.owner(), bucket), ws, bucket, now).access();
  }

  @Override
  public ReadableObject requireObject(
      WorkspaceIdentity ws, String bucket, String key, Instant now) {
    BucketGrantsQuery.Row live =
        decide(grants.grants(ws.teamId(), ws.owner(), bucket, key), ws, bucket, now);
    Optional<DatasetObject> object =
        restrictedPath(key) ? Optional.empty() : Optional.ofNullable(live.file());
    return new ReadableObject(live.access(), object);
  }

  @Override
  @Transactional
  public List<DatasetObject> objects(UUID versionId) {
    List<DatasetObject> out = new ArrayList<>();
    for (DatasetFileEntity f : files.listForVersion(versionId)) {
      if (!restrictedPath(f.path)) {
        out.add(view(f));
      }
    }
    out.sort(Comparator.comparing(DatasetObject::key, ObjectListing::compare));
    return out;
  }

  /** The live grant that lets the workspace read the bucket; throws the refusal otherwise. */
  private BucketGrantsQuery.Row decide(
      List<BucketGrantsQuery.Row> matching, WorkspaceIdentity ws, String bucket, Instant now) {
    if (matching.isEmpty()) {
      throw new S3Exception(
          S3Error.NO_SUCH_BUCKET,
          S3Error.NO_SUCH_BUCKET.defaultMessage(),
          "the team has never been granted a dataset version named " + bucket);
    }
    BucketGrantsQuery.Row first = matching.get(0);
    if (restricted(first.dataset())) {
      throw new S3Exception(
          S3Error.NO_SUCH_BUCKET,
          S3Error.NO_SUCH_BUCKET.defaultMessage(),
          "dataset " + first.dataset() + " is restricted and never served by the broker");
    }
    if (matching.stream().map(BucketGrantsQuery.Row::versionId).distinct().count() > 1) {
      throw new S3Exception(
          S3Error.INVALID_BUCKET_NAME,
          "The bucket name is ambiguous; ask the data steward",
          "bucket name " + bucket + " matches more than one granted dataset version");
    }
    BucketGrantsQuery.Row live =
        matching.stream().filter(r -> r.live(now)).findFirst().orElse(null);
    if (live == null) {
      boolean revoked = matching.stream().allMatch(r -> r.revokedAt() != null);
      String why = revoked ? "revoked" : "expired";
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "Access Denied: the team's grant for this dataset version was " + why,
          "grant " + first.grantId() + " " + why);
    }
    if (!live.ownerIsMember()) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "Access Denied: the workspace owner is no longer a member of the team",
          ws.owner() + " is not a member of team " + ws.teamId());
    }
    String problem = agreementProblem(live);
    if (problem != null) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED, "Access Denied: " + problem, problem + " (" + ws.owner() + ")");
    }
    return live;
  }

  /** Why the owner may not read under the dataset's agreement, or {@code null}. */
  private static String agreementProblem(BucketGrantsQuery.Row row) {
    if (row.agreementVersion() == null) {
      return "the dataset has no data use agreement";
    }
    if (!row.ownerAccepted()) {
      return "the workspace owner has not accepted version "
          + row.agreementVersion()
          + " of the data use agreement";
    }
    return null;
  }

  private boolean restricted(String dataset) {
    return config.restrictedDatasets().contains(dataset);
  }

  private boolean restrictedPath(String path) {
    for (String prefix : config.restrictedPathPrefixes()) {
      if (!prefix.isEmpty() && path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static DatasetObject view(DatasetFileEntity f) {
    return new DatasetObject(f.path, f.objectKey, f.sizeBytes, f.sha256, f.mediaType, f.uploadedAt);
  }
}
