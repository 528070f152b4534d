package org.enclave.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Deployment-wide limits set low enough for a test to reach them: three unauthenticated audit
 * entries a minute per address, and three running workspaces in the whole deployment. One profile
 * for every test that needs a limit reached, so that they share one start of the application.
 */
public class TightLimits implements QuarkusTestProfile {
  public static final int MAX_RUNNING = 3;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "enclave.limits.unauthenticated-audit-per-minute",
        "3",
        "enclave.workspaces.max-running",
        Integer.toString(MAX_RUNNING));
  }
}
