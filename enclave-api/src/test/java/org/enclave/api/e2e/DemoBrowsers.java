package org.enclave.api.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser journeys share: the demo users' sign-in at the real Keycloak, and waiting. */
final class DemoBrowsers {
  static final Duration WAIT = Duration.ofSeconds(90);

  private DemoBrowsers() {}

  /** Fills Keycloak's login form, where the browser was sent to sign in. */
  static void signIn(WebDriver d, String user) {
    waitOn(d).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
    d.findElement(By.id("username")).sendKeys(user);
    d.findElement(By.id("password")).sendKeys("enclave");
    d.findElement(By.id("kc-login")).click();
  }

  /** Waits, looking again when a form's answer replaced the page under an element just found. */
  static FluentWait<WebDriver> waitOn(WebDriver d) {
    return new WebDriverWait(d, WAIT).ignoring(StaleElementReferenceException.class);
  }

  /** Approves lighthouse's pending request for the demo dataset as the demo steward, if pending. */
  static void approveLighthouse() {
    String steward = passwordGrant("sam");
    for (Map<String, Object> r : pendingRequestsOf(steward, "alice")) {
      given()
          .auth()
          .oauth2(steward)
          .contentType(ContentType.JSON)
          .body("{}")
          .post("/api/v1/access-requests/" + r.get("id") + "/approve")
          .then()
          .statusCode(200);
    }
  }

  /** The pending access requests {@code requester} filed, as the steward holding the token sees. */
  static List<Map<String, Object>> pendingRequestsOf(String stewardToken, String requester) {
    return given()
        .auth()
        .oauth2(stewardToken)
        .get("/api/v1/access-requests?status=PENDING")
        .then()
        .statusCode(200)
        .extract()
        .path("findAll { it.requestedBy == '" + requester + "' }");
  }

  /** A demo user's access token from the real Keycloak. */
  static String passwordGrant(String user) {
    return given()
        .contentType(ContentType.URLENC)
        .formParam("grant_type", "password")
        .formParam("client_id", "enclave-test")
        .formParam("username", user)
        .formParam("password", "enclave")
        .post(RealKeycloakResource.issuer + "/protocol/openid-connect/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
