package org.enclave.api.e2e;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The control plane signed in against a real Keycloak instead of the WireMock provider. */
public class RealKeycloakProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(RealKeycloakResource.class));
  }
}
