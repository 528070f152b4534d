package org.enclave.api.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.enclave.api.security.AuthorizationMatrixTest;
import org.enclave.api.security.AuthorizationMatrixTest.Caller;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.Fixture;
import org.enclave.api.support.SessionProfile;
import org.junit.jupiter.api.Test;

/**
 * The browser routes of {@link AuthorizationMatrixTest#BROWSER_ROUTES}, each caller signed in with
 * the code flow, against a running workspace of the fixture's team.
 */
@QuarkusTest
@TestProfile(SessionProfile.class)
class SessionAuthorizationMatrixTest {
  @TestHTTPResource("/")
  URI base;

  @Test
  void everyCallerGetsTheExpectedStatusOnTheSession() throws Exception {
    Fixture f = Fixture.create();
    String id =
        as(f.lead, "researcher")
            .body(Map.of("teamId", f.teamId, "name", Api.unique("ws")))
            .post("/api/v1/workspaces")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(f.lead, "researcher").post("/api/v1/workspaces/" + id + "/start").then().statusCode(200);
    String path = "/workspaces/" + id + "/session/api/kernels";

    for (String route : SessionProxy.ROUTES) {
      int[] statuses = AuthorizationMatrixTest.BROWSER_ROUTES.get(route);
      for (Caller caller : Caller.values()) {
        int expected = statuses[caller.ordinal()];
        CodeFlowBrowser browser = browser(caller, f, path);
        HttpResponse<String> r = browser.get(path);
        assertThat(r.statusCode()).as("%s as %s: %s", route, caller, r.body()).isEqualTo(expected);
        if (expected >= 400) {
          assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
      }
    }
  }

  private CodeFlowBrowser browser(Caller caller, Fixture f, String path) throws Exception {
    return switch (caller) {
      case ANONYMOUS -> CodeFlowBrowser.anonymous(base);
      case RESEARCHER -> CodeFlowBrowser.signIn(base, path, f.lead, "researcher");
      case STEWARD -> CodeFlowBrowser.signIn(base, path, f.steward, "steward");
      case OTHER_STEWARD -> CodeFlowBrowser.signIn(base, path, "steward-elsewhere", "steward");
      case ORGANIZER -> CodeFlowBrowser.signIn(base, path, "olga", "organizer");
      case ADMIN -> CodeFlowBrowser.signIn(base, path, "adam", "admin");
      case AUDITOR -> CodeFlowBrowser.signIn(base, path, "audrey", "auditor");
      case OTHER_TEAM -> CodeFlowBrowser.signIn(base, path, f.outsider, "researcher");
      case OUTPUT_CHECKER -> CodeFlowBrowser.signIn(base, path, "oscar", "output-checker");
    };
  }
}
