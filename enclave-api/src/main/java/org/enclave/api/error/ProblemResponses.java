package org.enclave.api.error;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds {@code application/problem+json} responses. */
public final class ProblemResponses {
  private ProblemResponses() {}

  public static Response of(
      ErrorCode code, String detail, String instance, List<FieldError> errors) {
    return Response.status(code.status())
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(code, detail, instance, errors))
        .build();
  }

  public static Response of(ErrorCode code, String detail, String instance) {
    return of(code, detail, instance, List.of());
  }
}
