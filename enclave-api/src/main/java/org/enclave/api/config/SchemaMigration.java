package org.enclave.api.config;

import io.agroal.api.AgroalDataSource;
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

  /** The audit library versions its own tables, with a history table of its own. */
  static final String AUDIT_LOCATION = "classpath:db/audit";

  static final String AUDIT_HISTORY = "flyway_audit_history";

  @Inject Flyway flyway;
  @Inject AgroalDataSource dataSource;

  void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
    report("control plane", flyway, flyway.migrate().migrationsExecuted);
    Flyway audit =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(AUDIT_LOCATION)
            .table(AUDIT_HISTORY)
            // The control plane's tables share the schema: start the audit history at 0.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    report("audit log", audit, audit.migrate().migrationsExecuted);
  }

  private static void report(String what, Flyway f, int applied) {
    LOG.infof(
        "%s schema at version %s (%d migrations applied now)",
        what, f.info().current() == null ? "none" : f.info().current().getVersion(), applied);
  }
}
