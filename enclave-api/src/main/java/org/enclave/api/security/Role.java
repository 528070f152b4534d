package org.enclave.api.security;

import java.util.Optional;

/** Realm roles that the identity provider puts in a token. */
public enum Role {
  RESEARCHER,
  STEWARD,
  ORGANIZER,
  ADMIN,
  AUDITOR,
  /** Reviews export requests; never a member of a team it reviews. */
  OUTPUT_CHECKER;

  /** Role names as they appear in tokens and in {@code @RolesAllowed}. */
  public static final String RESEARCHER_NAME = "researcher";

  public static final String STEWARD_NAME = "steward";
  public static final String ORGANIZER_NAME = "organizer";
  public static final String ADMIN_NAME = "admin";
  public static final String AUDITOR_NAME = "auditor";
  public static final String OUTPUT_CHECKER_NAME = "output-checker";

  public String tokenName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static Optional<Role> fromTokenName(String name) {
    for (Role r : values()) {
      if (r.tokenName().equals(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
