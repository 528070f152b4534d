package org.enclave.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses tokens issued in the future. The OIDC layer checks expiry and not-before but accepts an
 * {@code iat} ahead of now; such a token was minted with a wrong clock or to outlive its intended
 * lifetime, and is not trusted.
 */
@ApplicationScoped
public class IssuedAtCheck implements SecurityIdentityAugmentor {
  /** Clock skew tolerated between the identity provider and the control plane. */
  static final Duration SKEW = Duration.ofSeconds(60);

  @Inject Clock clock;

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getIssuedAtTime() > 0) {
      Instant issued = Instant.ofEpochSecond(jwt.getIssuedAtTime());
      if (issued.isAfter(Instant.now(clock).plus(SKEW))) {
        return Uni.createFrom()
            .failure(new AuthenticationFailedException("token issued in the future"));
      }
    }
    return Uni.createFrom().item(identity);
  }
}
