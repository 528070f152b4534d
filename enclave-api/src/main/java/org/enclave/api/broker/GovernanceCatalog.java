package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
import org.enclave.api.governance.persistence.AgreementAcceptanceEntity;
import org.enclave.api.governance.persistence.AgreementAcceptanceRepository;
import org.enclave.api.governance.persistence.AgreementEntity;
import org.enclave.api.governance.persistence.AgreementRepository;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;
import org.enclave.api.governance.persistence.GrantEntity;
import org.enclave.api.governance.persistence.TeamMemberRepository;

/**
 * The broker's view of governance, read from the database on every call. A bucket is readable when
 * the workspace's team holds a live grant (not revoked, not expired) for that dataset version, the
 * dataset is not restricted, and the workspace's owner is still a member of the team and has
 * accepted the dataset's current data use agreement.
 */
@ApplicationScoped
public class GovernanceCatalog implements BrokerCatalog {
  @Inject EntityManager em;
  @Inject TeamMemberRepository members;
  @Inject AgreementRepository agreements;
  @Inject AgreementAcceptanceRepository acceptances;
  @Inject DatasetFileRepository files;
  @Inject BrokerConfig config;

  private record GrantRow(GrantEntity grant, String dataset, String label, Instant published) {
    String bucket() {
      return BucketAccess.bucketName(dataset, label);
    }

    BucketAccess access() {
      return new BucketAccess(
          bucket(),
          grant.id,
          grant.datasetId,
          dataset,
          grant.versionId,
          label,
          published == null ? grant.grantedAt : published);
    }
  }

  @Override
  @Transactional
  public List<BucketAccess> readableBuckets(WorkspaceIdentity ws, Instant now) {
    if (!members.isMember(ws.teamId(), ws.owner())) {
      return List.of();
    }
    Map<String, BucketAccess> found = new LinkedHashMap<>();
    for (GrantRow row : grantsOf(ws.teamId())) {
      if (row.grant.isActive(now)
          && !restricted(row.dataset)
          && !found.containsKey(row.bucket())
          && agreementProblem(ws.owner(), row.grant.datasetId) == null) {
        found.put(row.bucket(), row.access());
      }
    }
    List<BucketAccess> list = new ArrayList<>(found.values());
    list.sort(Comparator.comparing(BucketAccess::bucket, ObjectListing::compare));
    return list;
  }

  @Override
  @Transactional
  public BucketAccess requireReadable(WorkspaceIdentity ws, String bucket, Instant now) {
    List<GrantRow> matching =
        grantsOf(ws.teamId()).stream().filter(r -> r.bucket().equals(bucket)).toList();
    if (matching.isEmpty()) {
      throw new S3Exception(
          S3Error.NO_SUCH_BUCKET,
          S3Error.NO_SUCH_BUCKET.defaultMessage(),
          "the team has never been granted a dataset version named " + bucket);
    }
    if (restricted(matching.get(0).dataset)) {
      throw new S3Exception(
          S3Error.NO_SUCH_BUCKET,
          S3Error.NO_SUCH_BUCKET.defaultMessage(),
          "dataset " + matching.get(0).dataset + " is restricted and never served by the broker");
    }
    if (matching.stream().map(r -> r.grant.versionId).distinct().count() > 1) {
      throw new S3Exception(
          S3Error.INVALID_BUCKET_NAME,
          "The bucket name is ambiguous; ask the data steward",
          "bucket name " + bucket + " matches more than one granted dataset version");
    }
    GrantRow live = matching.stream().filter(r -> r.grant.isActive(now)).findFirst().orElse(null);
    if (live == null) {
      GrantEntity newest = matching.get(0).grant;
      boolean revoked = matching.stream().allMatch(r -> r.grant.revokedAt != null);
      String why = revoked ? "revoked" : "expired";
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "Access Denied: the team's grant for this dataset version was " + why,
          "grant " + newest.id + " " + why);
    }
    if (!members.isMember(ws.teamId(), ws.owner())) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "Access Denied: the workspace owner is no longer a member of the team",
          ws.owner() + " is not a member of team " + ws.teamId());
    }
    String problem = agreementProblem(ws.owner(), live.grant.datasetId);
    if (problem != null) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED, "Access Denied: " + problem, problem + " (" + ws.owner() + ")");
    }
    return live.access();
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

  @Override
  @Transactional
  public Optional<DatasetObject> object(UUID versionId, String key) {
    if (restrictedPath(key)) {
      return Optional.empty();
    }
    return files.findByPath(versionId, key).map(GovernanceCatalog::view);
  }

  /** Why the member may not read the dataset under its agreement, or {@code null}. */
  private String agreementProblem(String owner, UUID datasetId) {
    Optional<AgreementEntity> current = agreements.current(datasetId);
    if (current.isEmpty()) {
      return "the dataset has no data use agreement";
    }
    var key = new AgreementAcceptanceEntity.Key(current.get().id, owner);
    if (acceptances.findByIdOptional(key).isEmpty()) {
      return "the workspace owner has not accepted version "
          + current.get().version
          + " of the data use agreement";
    }
    return null;
  }

  private List<GrantRow> grantsOf(UUID teamId) {
    List<Object[]> rows =
        em.createQuery(
                "select g, d.name, v.label, v.publishedAt from GrantEntity g, DatasetEntity d,"
                    + " DatasetVersionEntity v where g.teamId = :team and d.id = g.datasetId"
                    + " and v.id = g.versionId order by g.grantedAt desc",
                Object[].class)
            .setParameter("team", teamId)
            .getResultList();
    List<GrantRow> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      out.add(new GrantRow((GrantEntity) r[0], (String) r[1], (String) r[2], (Instant) r[3]));
    }
    return out;
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
