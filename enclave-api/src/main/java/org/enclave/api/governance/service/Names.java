package org.enclave.api.governance.service;

/** Shapes of names that appear in requests; shared by request validation and services. */
public final class Names {
  /** A user name as the identity provider issues it. */
  public static final String USERNAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,127}";

  /** A team name: lower case, digits and dashes. */
  public static final String TEAM = "[a-z0-9][a-z0-9-]{1,63}";

  /** A dataset name: lower case, digits, dots, dashes and underscores. */
  public static final String DATASET = "[a-z0-9][a-z0-9._-]{1,99}";

  /** A dataset version label, for example {@code v1} or {@code 2026-11}. */
  public static final String VERSION_LABEL = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private Names() {}
}
