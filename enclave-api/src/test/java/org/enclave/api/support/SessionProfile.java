package org.enclave.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Workspaces run the Jupyter Notebook server, and the session proxy serves it. */
public class SessionProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("enclave.sessions.enabled", "true");
  }
}
