package org.enclave.api.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Migrates the schema at startup, after {@link ProductionReadinessCheck} has accepted the
 * configuration and before anything else uses the database: an unsafe configuration is refused
 * before the database is touched.
 */
@ApplicationScoped
public class SchemaMigration {
  /** Startup order: readiness check, then migration, then everything that needs the schema. */
  public static final int PRIORITY = ProductionReadinessCheck.PRIORITY + 1;

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

  @Inject Flyway flyway;

  void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
    var result = flyway.migrate();
    LOG.infof(
        "database schema at version %s (%d migrations applied now)",
        flyway.info().current() == null ? "none" : flyway.info().current().getVersion(),
        result.migrationsExecuted);
  }
}
