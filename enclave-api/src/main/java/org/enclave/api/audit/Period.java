package org.enclave.api.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;

/**
 * A time range {@code [from, to)}; either end may be open ({@code null}).
 *
 * @param from first instant included, or {@code null}
 * @param to first instant no longer included, or {@code null}
 */
public record Period(Instant from, Instant to) {
  public static final Period ALWAYS = new Period(null, null);

  public Period {
    if (from != null && to != null && !from.isBefore(to)) {
      throw invalid("from", "must be before to");
    }
  }

  /**
   * Parses query parameters {@code from} and {@code to}: ISO-8601 date-times with an offset, like
   * {@code 2026-05-01T00:00:00Z}. A bad value is a {@code validation-failed} naming the parameter.
   */
  public static Period parse(String from, String to) {
    return new Period(instant("from", from), instant("to", to));
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(field, "must be an ISO-8601 date-time with offset, like 2026-05-01T00:00:00Z");
    }
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        field + " " + message,
        List.of(new FieldError(field, message)));
  }
}
