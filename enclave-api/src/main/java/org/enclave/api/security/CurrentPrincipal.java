package org.enclave.api.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The one place that turns the authenticated OIDC identity into an {@link EnclavePrincipal}. */
@RequestScoped
public class CurrentPrincipal {
  @Inject SecurityIdentity identity;

  private EnclavePrincipal principal;

  public EnclavePrincipal get() {
    if (principal == null) {
      principal = fromIdentity(identity);
    }
    return principal;
  }

  public static EnclavePrincipal fromIdentity(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return EnclavePrincipal.anonymous();
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : identity.getRoles()) {
      Role.fromTokenName(name).ifPresent(roles::add);
    }
    String username = identity.getPrincipal().getName();
    String displayName = username;
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      Object name = jwt.getClaim("name");
      if (name instanceof String s && !s.isBlank()) {
        displayName = s;
      } else if (name != null) {
        String text = name.toString().replace("\"", "");
        displayName = text.isBlank() ? username : text;
      }
    }
    return new EnclavePrincipal(username, displayName, roles);
  }
}
