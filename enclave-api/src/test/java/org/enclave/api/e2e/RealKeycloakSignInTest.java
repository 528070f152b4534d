package org.enclave.api.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

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
import java.util.UUID;
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
@TestProfile(RealKeycloakSessionProfile.class)
@Tag("keycloak")
class RealKeycloakSignInTest {
  private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

  @Inject DemoDataLoader demo;

  @TestHTTPResource("/")
  URI base;

  /**
   * The demo steward publishes a dataset, the demo team asks for it and sam decides, every call
   * with a token from the real Keycloak. The scene is this test's own: the browser journeys in the
   * same profile decide the demo's pending requests.
   */
  @Test
  void demoStewardApprovesAPendingRequestWithARealToken() {
    demo.load();
    String steward = DemoBrowsers.passwordGrant("sam");
    String researcher = DemoBrowsers.passwordGrant("alice");
    String datasetId =
        created(
            steward,
            "/api/v1/datasets",
            Map.of(
                "name",
                "keycloak-" + UUID.randomUUID(),
                "description",
                "signed in for real",
                "sensitivityTier",
                3));
    String datasets = "/api/v1/datasets/" + datasetId;
    String versionId =
        created(steward, datasets + "/versions", Map.of("label", "v1", "notes", "first"));
    given()
        .auth()
        .oauth2(steward)
        .contentType(ContentType.BINARY)
        .body("{\"post\":1}\n".getBytes(StandardCharsets.UTF_8))
        .put(datasets + "/versions/" + versionId + "/files/train/posts.jsonl")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(steward)
        .contentType(ContentType.JSON)
        .post(datasets + "/versions/" + versionId + "/publish")
        .then()
        .statusCode(200);
    created(steward, datasets + "/agreements", Map.of("text", "Use only inside the enclave."));
    for (String member : List.of(researcher, DemoBrowsers.passwordGrant("bob"))) {
      given()
          .auth()
          .oauth2(member)
          .contentType(ContentType.JSON)
          .post(datasets + "/agreements/1/acceptances")
          .then()
          .statusCode(anyOf(is(200), is(201)));
    }
    String team =
        given()
            .auth()
            .oauth2(researcher)
            .get("/api/v1/teams")
            .then()
            .statusCode(200)
            .extract()
            .path("find { it.name == 'lighthouse' }.id");
    String requestId =
        created(
            researcher,
            "/api/v1/access-requests",
            Map.of(
                "teamId",
                team,
                "datasetId",
                datasetId,
                "versionId",
                versionId,
                "purpose",
                "risk classification",
                "ethicsReference",
                "IRB-2026-001",
                "durationDays",
                30));
    assertThat(DemoBrowsers.pendingRequestsOf(steward, "alice"))
        .extracting(r -> r.get("id"))
        .contains(requestId);

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

  /** POSTs {@code body} with {@code token}, expects 201 and returns the new resource's id. */
  private static String created(String token, String path, Map<String, ?> body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post(path)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
