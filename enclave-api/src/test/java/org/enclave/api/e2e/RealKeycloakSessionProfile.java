package org.enclave.api.e2e;

import java.util.List;
import org.enclave.api.support.SessionProfile;

/**
 * The control plane as {@code ./enclave up} runs it: browsers sign in at the real Keycloak, and
 * workspaces run Jupyter with the workspace runtime, served through the session proxy.
 */
public class RealKeycloakSessionProfile extends SessionProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(RealKeycloakResource.class));
  }
}
