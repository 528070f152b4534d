package org.enclave.api.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every {@code @QuarkusTest} runs against the same stack: embedded PostgreSQL and the WireMock OIDC
 * provider, whose signing key {@link Tokens} uses, and real workspaces ({@link
 * WorkspaceSandboxResource}).
 */
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkspaceSandboxResource.class, restrictToAnnotatedClass = false)
public final class TestStack {
  private TestStack() {}
}
