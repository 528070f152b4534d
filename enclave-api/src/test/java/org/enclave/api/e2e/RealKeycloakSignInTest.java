package org.enclave.api.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.demo.DemoDataLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end against the real Keycloak and realm that {@code ./enclave up} runs: tokens from the
 * password grant drive the steward workflow, and a browser signs in and out with the code flow.
 */
@QuarkusTest
@TestProfile(RealKeycloakProfile.class)
@Tag("keycloak")
class RealKeycloakSignInTest {
  private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

  @Inject DemoDataLoader demo;

  @TestHTTPResource("/")
  URI base;

  @Test
  void demoStewardApprovesAPendingRequestWithARealToken() {
    demo.load();
    String steward = DemoBrowsers.passwordGrant("sam");
    String researcher = DemoBrowsers.passwordGrant("alice");

    List<Map<String, Object>> pending = DemoBrowsers.pendingRequestsOf(steward, "alice");
    assertThat(pending).hasSize(1);
    String requestId = (String) pending.get(0).get("id");

    given()
        .auth()
        .oauth2(researcher)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/access-requests/" + requestId + "/approve")
        .then()
        .statusCode(403);
    String grantId =
        given()
            .auth()
            .oauth2(steward)
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/api/v1/access-requests/" + requestId + "/approve")
            .then()
            .statusCode(200)
            .body("status", equalTo("APPROVED"))
            .extract()
            .path("grantId");
    given()
        .auth()
        .oauth2(steward)
        .get("/api/v1/grants/" + grantId)
        .then()
        .statusCode(200)
        .body("active", equalTo(true));
    given()
        .auth()
        .oauth2(steward)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/access-requests/" + requestId + "/approve")
        .then()
        .statusCode(409)
        .body("code", equalTo("request-already-decided"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/access-requests/" + requestId + "/approve")
        .then()
        .statusCode(401);
  }

  @Test
  void browserSignsInWithTheCodeFlowAndSignsOut() throws Exception {
    BrowserCookies cookies = new BrowserCookies();
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> start = get(browser, base.resolve("/console"));
    assertThat(start.statusCode()).isEqualTo(302);
    URI login = location(start);
    assertThat(login.toString())
        .startsWith(RealKeycloakResource.issuer + "/protocol/openid-connect/auth");

    HttpResponse<String> loginPage = get(browser, login);
    assertThat(loginPage.statusCode()).isEqualTo(200);
    assertThat(loginPage.body()).contains("kc-form-login");
    Matcher action = FORM_ACTION.matcher(loginPage.body());
    assertThat(action.find()).isTrue();
    URI post = URI.create(action.group(1).replace("&amp;", "&"));

    HttpResponse<String> afterLogin =
        browser.send(
            HttpRequest.newBuilder(post)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(Map.of("username", "alice", "password", "enclave"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(afterLogin.statusCode())
        .as("login form answer: %s %s", afterLogin.headers().map(), afterLogin.body())
        .isEqualTo(302);
    URI callback = location(afterLogin);
    assertThat(callback.getQuery()).contains("code=");

    HttpResponse<String> page = follow(browser, callback);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("(alice)").contains("researcher");
    assertThat(cookies.hasPrefixed(base.getHost(), "q_session")).as("session cookie set").isTrue();

    HttpResponse<String> logout = get(browser, base.resolve("/logout"));
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(location(logout).toString())
        .startsWith(RealKeycloakResource.issuer + "/protocol/openid-connect/logout");
    follow(browser, location(logout));
    assertThat(cookies.hasPrefixed(base.getHost(), "q_session"))
        .as("session cookie cleared")
        .isFalse();

    HttpResponse<String> again = get(browser, base.resolve("/console"));
    assertThat(again.statusCode())
        .as("signed out: the console asks to sign in again")
        .isEqualTo(302);
    assertThat(location(again).toString()).startsWith(RealKeycloakResource.issuer);
  }

  private static HttpResponse<String> get(HttpClient browser, URI uri) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(uri).header("Accept", "text/html").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Follows redirects by hand (at most 10), as a browser would. */
  private static HttpResponse<String> follow(HttpClient browser, URI uri) throws Exception {
    HttpResponse<String> r = get(browser, uri);
    for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
      r = get(browser, location(r));
    }
    return r;
  }

  private static URI location(HttpResponse<?> r) {
    String loc =
        r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    return r.uri().resolve(loc);
  }

  private static String form(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (b.length() > 0) {
            b.append('&');
          }
          b.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return b.toString();
  }
}
