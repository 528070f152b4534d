package org.enclave.api.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Refuses to start with an unsafe configuration; see {@link ProductionReadiness}. */
@ApplicationScoped
public class ProductionReadinessCheck {
  /** Runs first among startup observers. */
  public static final int PRIORITY = 1;

  private static final Logger LOG = Logger.getLogger(ProductionReadinessCheck.class);

  void onStart(@Observes @Priority(PRIORITY) StartupEvent event, EnclaveConfig config) {
    var source = ConfigProvider.getConfig();
    List<String> problems =
        ProductionReadiness.problems(
            config.deployment().mode(), key -> source.getOptionalValue(key, String.class));
    if (!problems.isEmpty()) {
      problems.forEach(p -> LOG.error("unsafe configuration: " + p));
      throw new IllegalStateException(
          "refusing to start with an unsafe configuration: " + String.join("; ", problems));
    }
    LOG.infof("deployment mode %s: configuration checks passed", config.deployment().mode());
  }
}
