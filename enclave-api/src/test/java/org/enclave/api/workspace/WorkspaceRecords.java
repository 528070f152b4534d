package org.enclave.api.workspace;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.UUID;

/** Writes workspace records directly, to set up what only time or a crash would produce. */
final class WorkspaceRecords {
  private WorkspaceRecords() {}

  /** Sets the columns in {@code assignments} (SQL, with {@code :at} bound to {@code at}). */
  static void update(EntityManager em, String id, String assignments, Instant at) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              var q =
                  em.createNativeQuery("update workspace set " + assignments + " where id = :id");
              q.setParameter("id", UUID.fromString(id));
              if (assignments.contains(":at")) {
                q.setParameter("at", at);
              }
              q.executeUpdate();
            });
  }
}
