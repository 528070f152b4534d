package org.enclave.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** RFC 9457 problem details, extended with a stable {@code code} and per-field errors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String code,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(
      ErrorCode code, String detail, String instance, List<FieldError> errors) {
    return new Problem(
        "urn:enclave:problem:" + code.code(),
        code.title(),
        code.status(),
        detail,
        instance,
        code.code(),
        errors);
  }
}
