package org.enclave.api.governance.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * "Who can read dataset X right now", as one query: members of a team with a live grant (not
 * revoked, not expired) who have accepted the dataset's current data use agreement.
 */
@ApplicationScoped
public class DatasetReadersQuery {
  private static final String SQL =
      """
      select m.username, g.team_id, g.id, g.version_id, g.expires_at
        from access_grant g
        join team_member m on m.team_id = g.team_id
       where g.dataset_id = :dataset
         and g.revoked_at is null
         and g.expires_at > :now
         and exists (
             select 1
               from agreement_acceptance a
               join data_use_agreement d on d.id = a.agreement_id
              where d.dataset_id = g.dataset_id
                and a.username = m.username
                and d.version = (select max(d2.version) from data_use_agreement d2
                                  where d2.dataset_id = g.dataset_id))
       order by m.username, g.expires_at desc
      """;

  /** One reader through one grant. */
  public record Reader(
      String username, UUID teamId, UUID grantId, UUID versionId, Instant expiresAt) {}

  @Inject EntityManager em;

  public List<Reader> readersOf(UUID datasetId, Instant now) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(SQL)
            .setParameter("dataset", datasetId)
            .setParameter("now", Timestamp.from(now))
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new Reader(
                    (String) r[0],
                    (UUID) r[1],
                    (UUID) r[2],
                    (UUID) r[3],
                    NativeValues.instant(r[4])))
        .toList();
  }
}
