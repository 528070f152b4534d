package org.enclave.infra.storage;

import java.io.IOException;

/** An upload went past the size limit the caller set; nothing was stored. */
public class ObjectTooLargeException extends IOException {
  private final long limit;

  public ObjectTooLargeException(long limit) {
    super("object exceeds the limit of " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
