package org.enclave.api.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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

  /**
   * Saves a one-cell notebook for {@code kernel} through Jupyter's contents API from the page (as
   * its upload does), opens it, runs the cell and returns the cell's output as the page shows it.
   */
  static String runNotebook(
      WebDriver d,
      URI base,
      String session,
      String file,
      String kernel,
      String language,
      String source) {
    String notebook =
        "{\"type\":\"notebook\",\"format\":\"json\",\"content\":{\"nbformat\":4,"
            + "\"nbformat_minor\":5,\"metadata\":{\"kernelspec\":{\"name\":\""
            + kernel
            + "\",\"display_name\":\""
            + kernel
            + "\",\"language\":\""
            + language
            + "\"}},\"cells\":[{\"cell_type\":\"code\",\"id\":\"c1\",\"metadata\":{},"
            + "\"execution_count\":null,\"outputs\":[],\"source\":\""
            + source
            + "\"}]}}";
    Object status =
        ((JavascriptExecutor) d)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {method: 'PUT', headers: {'Content-Type':"
                    + " 'application/json'}, body: arguments[1]})"
                    + ".then(r => done(r.status), e => done(String(e)));",
                session + "/api/contents/" + file,
                notebook);
    assertThat(status).as("upload of %s", file).isIn(200L, 201L);
    d.get(base.resolve(session + "/notebooks/" + file).toString());
    waitOn(d)
        .until(
            x ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) x)
                        .executeScript(
                            "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                                + " && Jupyter.notebook.kernel.is_connected()"
                                + " && Jupyter.notebook.kernel.info_reply"
                                + " && Jupyter.notebook.kernel.info_reply.status === 'ok');")));
    ((JavascriptExecutor) d).executeScript("Jupyter.notebook.execute_all_cells();");
    return waitOn(d)
        .until(
            x -> {
              List<WebElement> out = x.findElements(By.cssSelector(".output_subarea"));
              String text = out.isEmpty() ? "" : out.get(0).getText();
              return text.isBlank() ? null : text;
            });
  }
}
