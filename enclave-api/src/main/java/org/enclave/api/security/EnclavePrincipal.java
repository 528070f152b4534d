package org.enclave.api.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The caller as the control plane sees it: a stable user name, a display name and realm roles. Team
 * membership is not here; it lives in the database and is asked of the {@link Authorizer}.
 */
public record EnclavePrincipal(String username, String displayName, Set<Role> roles) {
  public static final String ANONYMOUS = "anonymous";

  public EnclavePrincipal {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public static EnclavePrincipal anonymous() {
    return new EnclavePrincipal(ANONYMOUS, ANONYMOUS, Set.of());
  }

  public boolean isAnonymous() {
    return ANONYMOUS.equals(username) && roles.isEmpty();
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... wanted) {
    for (Role r : wanted) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }

  public List<String> roleNames() {
    return roles.stream().sorted().map(Role::tokenName).toList();
  }
}
