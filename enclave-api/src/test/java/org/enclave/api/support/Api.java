package org.enclave.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** Small helpers for calling the API as a given demo user. */
public final class Api {
  private Api() {}

  public static RequestSpecification as(String username, String... roles) {
    return given()
        .header("Authorization", Tokens.bearer(Tokens.of(username, roles)))
        .contentType(ContentType.JSON);
  }

  public static RequestSpecification anonymous() {
    return given().contentType(ContentType.JSON);
  }

  /** A unique suffix, so that tests sharing one database do not collide on names. */
  public static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }

  public static Map<String, Object> team(String name, String lead, List<String> members) {
    return Map.of("name", name, "displayName", name, "lead", lead, "members", members);
  }

  public static String id(Response r) {
    return r.then().extract().path("id");
  }
}
