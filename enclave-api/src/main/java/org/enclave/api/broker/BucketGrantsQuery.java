package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.enclave.api.governance.persistence.NativeValues;

/**
 * Everything the broker decides a bucket on, in one query: the team's grants (live or not) with
 * their dataset name and version label, whether the workspace owner is a member of the team, and
 * the dataset's current agreement version with whether the owner accepted it.
 */
@ApplicationScoped
public class BucketGrantsQuery {
  private static final String SQL =
      """
      select g.id, g.dataset_id, g.version_id, g.granted_at, g.expires_at, g.revoked_at,
             d.name, v.label, v.published_at,
             exists (select 1 from team_member m
                      where m.team_id = g.team_id and m.username = :owner) as member,
             a.version as agreement_version,
             exists (select 1 from agreement_acceptance x
                      where x.agreement_id = a.id and x.username = :owner) as accepted
        from access_grant g
        join dataset d on d.id = g.dataset_id
        join dataset_version v on v.id = g.version_id
        left join lateral (select id, version from data_use_agreement u
                            where u.dataset_id = g.dataset_id
                            order by u.version desc limit 1) a on true
       where g.team_id = :team
         and (cast(:bucket as text) is null or d.name || '.' || v.label = cast(:bucket as text))
       order by g.granted_at desc
      """;

  /** One grant of the team, with what its readability depends on. */
  public record Row(
      UUID grantId,
      UUID datasetId,
      UUID versionId,
      Instant grantedAt,
      Instant expiresAt,
      Instant revokedAt,
      String dataset,
      String label,
      Instant published,
      boolean ownerIsMember,
      Integer agreementVersion,
      boolean ownerAccepted) {

    String bucket() {
      return BucketAccess.bucketName(dataset, label);
    }

    boolean live(Instant now) {
      return revokedAt == null && expiresAt.isAfter(now);
    }

    BucketAccess access() {
      return new BucketAccess(
          bucket(),
          grantId,
          datasetId,
          dataset,
          versionId,
          label,
          published == null ? grantedAt : published);
    }
  }

  @Inject EntityManager em;

  /** The team's grants, newest first; only those of {@code bucket} unless it is null. */
  public List<Row> grants(UUID teamId, String owner, String bucket) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(SQL)
            .setParameter("team", teamId)
            .setParameter("owner", owner)
            .setParameter("bucket", bucket)
            .getResultList();
    List<Row> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      out.add(
          new Row(
              (UUID) r[0],
              (UUID) r[1],
              (UUID) r[2],
              NativeValues.instant(r[3]),
              NativeValues.instant(r[4]),
              r[5] == null ? null : NativeValues.instant(r[5]),
              (String) r[6],
              (String) r[7],
              r[8] == null ? null : NativeValues.instant(r[8]),
              (Boolean) r[9],
              r[10] == null ? null : ((Number) r[10]).intValue(),
              (Boolean) r[11]));
    }
    return out;
  }
}
