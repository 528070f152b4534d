package org.enclave.api.governance.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native SQL query results, whose Java type depends on the driver and Hibernate. */
public final class NativeValues {
  private NativeValues() {}

  /** A {@code timestamptz} column as an {@link Instant}. */
  public static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    throw new IllegalStateException("unexpected timestamp type " + value.getClass());
  }
}
