package org.enclave.api.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Browsers sign in with the authorization-code flow; API clients get 401, never a redirect. */
@QuarkusTest
class BrowserSignInTest {

  @Test
  void protectedPageRedirectsABrowserToTheLoginPage() {
    given()
        .redirects()
        .follow(false)
        .accept("text/html")
        .get("/console")
        .then()
        .statusCode(302)
        .header("Location", containsString("/realms/quarkus"))
        .header("Location", containsString("response_type=code"))
        .header("Location", containsString("client_id=quarkus-web-app"));
  }

  @Test
  void apiWithoutTokenIsUnauthorizedNotRedirected() {
    given()
        .redirects()
        .follow(false)
        .accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", equalTo("unauthenticated"));
  }

  @Test
  void homePageIsPublic() {
    given().get("/").then().statusCode(200).body(containsString("Sign in"));
  }
}
