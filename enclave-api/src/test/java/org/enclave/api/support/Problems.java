package org.enclave.api.support;

import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Assertions on {@code application/problem+json} responses. */
public final class Problems {
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  /** The response is a complete problem document with this status and stable code. */
  public static ValidatableResponse assertProblem(Response response, int status, String code) {
    return response
        .then()
        .statusCode(status)
        .header("Content-Type", startsWith(MEDIA_TYPE))
        .body("type", equalTo("urn:enclave:problem:" + code))
        .body("title", not(emptyOrNullString()))
        .body("status", equalTo(status))
        .body("code", equalTo(code))
        .body("detail", not(emptyOrNullString()));
  }
}
