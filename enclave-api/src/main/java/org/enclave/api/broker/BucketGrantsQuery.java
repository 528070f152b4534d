package org.enclave.api.broker;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything the broker decides a request on, in one statement: the team's grants (live or not)
 * with their dataset name and version label, whether the workspace owner is a member of the team,
 * the dataset's current agreement version with whether the owner accepted it and, for an object
 * request, the file at the key in each granted version.
 *
 * <p>Runs as one auto-committed statement on a connection of its own, so the decision reads one
 * consistent snapshot without a transaction around it: a broker request costs one round trip to
 * decide.
 */
@ApplicationScoped
public class BucketGrantsQuery {
  private static final String SQL =
      """
      select g.id, g.dataset_id, g.version_id, g.granted_at, g.expires_at, g.revoked_at,
             d.name, v.label, v.published_at,
             exists (select 1 from team_member m
                      where m.team_id = g.team_id and m.username = ?) as member,
             a.version as agreement_version,
             exists (select 1 from agreement_acceptance x
                      where x.agreement_id = a.id and x.username = ?) as accepted,
             f.path, f.object_key, f.size_bytes, f.sha256, f.media_type, f.uploaded_at
        from access_grant g
        join dataset d on d.id = g.dataset_id
        join dataset_version v on v.id = g.version_id
        left join lateral (select id, version from data_use_agreement u
                            where u.dataset_id = g.dataset_id
                            order by u.version desc limit 1) a on true
        left join dataset_file f on f.version_id = g.version_id and f.path = ?
       where g.team_id = ?
         and (cast(? as text) is null or d.name || '.' || v.label = cast(? as text))
       order by g.granted_at desc
      """;

  /**
   * One grant of the team, with what its readability depends on.
   *
   * @param file the file at the asked key in the granted version, or null (none, or no key asked)
   */
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
      boolean ownerAccepted,
      DatasetObject file) {

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

  @Inject AgroalDataSource dataSource;

  /** The team's grants, newest first; only those of {@code bucket} unless it is null. */
  public List<Row> grants(UUID teamId, String owner, String bucket) {
    return grants(teamId, owner, bucket, null);
  }

  /**
   * The team's grants of {@code bucket} (all of them if null), newest first, each with the file at
   * {@code key} in its version (none if {@code key} is null).
   */
  public List<Row> grants(UUID teamId, String owner, String bucket, String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(SQL)) {
      q.setString(1, owner);
      q.setString(2, owner);
      q.setString(3, key);
      q.setObject(4, teamId);
      q.setString(5, bucket);
      q.setString(6, bucket);
      List<Row> out = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(row(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("the broker cannot read the grants", e);
    }
  }

  private static Row row(ResultSet r) throws SQLException {
    int agreement = r.getInt(11);
    boolean noAgreement = r.wasNull();
    String path = r.getString(13);
    DatasetObject file =
        path == null
            ? null
            : new DatasetObject(
                path,
                r.getString(14),
                r.getLong(15),
                r.getString(16),
                r.getString(17),
                instant(r.getTimestamp(18)));
    return new Row(
        r.getObject(1, UUID.class),
        r.getObject(2, UUID.class),
        r.getObject(3, UUID.class),
        instant(r.getTimestamp(4)),
        instant(r.getTimestamp(5)),
        instant(r.getTimestamp(6)),
        r.getString(7),
        r.getString(8),
        instant(r.getTimestamp(9)),
        r.getBoolean(10),
        noAgreement ? null : agreement,
        r.getBoolean(12),
        file);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
