package org.enclave.api.governance.rest;

/** Base path of the public API. */
public final class Api {
  public static final String V1 = "/api/v1";

  private Api() {}
}
