package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.enclave.api.security.AuthorizationMatrixTest;
import org.enclave.api.security.AuthorizationMatrixTest.Caller;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.ExportFixture;
import org.enclave.api.support.Fixture;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The console's routes of {@link AuthorizationMatrixTest#BROWSER_ROUTES}, each caller signed in
 * with the code flow. A route that changes something gets a fresh fixture (and workspace) per
 * caller; forms carry this site's Origin, so only the roles decide.
 */
@QuarkusTest
class ConsoleAuthorizationMatrixTest {
  private static final String WS = "/api/v1/workspaces";

  @TestHTTPResource("/")
  URI base;

  @TestFactory
  Stream<DynamicTest> everyCallerGetsTheExpectedStatusOnTheConsole() {
    List<DynamicTest> tests = new ArrayList<>();
    Fixture shared = Fixture.create();
    for (String route : ConsoleResource.ROUTES) {
      int[] statuses = AuthorizationMatrixTest.BROWSER_ROUTES.get(route);
      for (Caller caller : Caller.values()) {
        int expected = statuses[caller.ordinal()];
        tests.add(
            dynamicTest(
                route + " as " + caller + " → " + expected,
                () -> {
                  Fixture f = route.startsWith("GET ") ? shared : Fixture.create();
                  CodeFlowBrowser browser = browser(caller, f);
                  HttpResponse<String> r = send(browser, route, f);
                  assertThat(r.statusCode())
                      .as("%s as %s: %s", route, caller, r.body())
                      .isEqualTo(expected);
                }));
      }
    }
    return tests.stream();
  }

  private static HttpResponse<String> send(CodeFlowBrowser b, String route, Fixture f)
      throws Exception {
    String[] verbAndPath = route.split(" ", 2);
    String path = verbAndPath[1];
    if (path.contains("{exportId}")) {
      ExportFixture x = ExportFixture.of(f);
      path =
          path.contains("{fileId}")
              ? path.replace("{exportId}", x.releasedId).replace("{fileId}", x.releasedFileId)
              : path.replace("{exportId}", x.openId);
    }
    if (verbAndPath[0].equals("GET")) {
      return b.get(path, "Accept", "text/html");
    }
    Map<String, String> form = Map.of();
    if (path.startsWith(ConsoleExports.PATH)) {
      form = Map.of("decision", "approve", "comment", "scores only");
    } else if (path.endsWith("/stop")) {
      path = path.replace("{workspaceId}", running(f));
    } else if (path.contains("{workspaceId}")) {
      path = path.replace("{workspaceId}", workspace(f));
    } else {
      form = Map.of("team", f.teamId, "name", Api.unique("ws"), "size", "small");
    }
    return b.postForm(path, form, "Accept", "text/html");
  }

  private CodeFlowBrowser browser(Caller caller, Fixture f) throws Exception {
    String start = "/console";
    return switch (caller) {
      case ANONYMOUS -> CodeFlowBrowser.anonymous(base);
      case RESEARCHER -> CodeFlowBrowser.signIn(base, start, f.lead, "researcher");
      case STEWARD -> CodeFlowBrowser.signIn(base, start, f.steward, "steward");
      case OTHER_STEWARD -> CodeFlowBrowser.signIn(base, start, "steward-elsewhere", "steward");
      case ORGANIZER -> CodeFlowBrowser.signIn(base, start, "olga", "organizer");
      case ADMIN -> CodeFlowBrowser.signIn(base, start, "adam", "admin");
      case AUDITOR -> CodeFlowBrowser.signIn(base, start, "audrey", "auditor");
      case OTHER_TEAM -> CodeFlowBrowser.signIn(base, start, f.outsider, "researcher");
      case OUTPUT_CHECKER -> CodeFlowBrowser.signIn(base, start, "oscar", "output-checker");
    };
  }

  private static String workspace(Fixture f) {
    return as(f.lead, "researcher")
        .body(Map.of("teamId", f.teamId, "name", Api.unique("ws")))
        .post(WS)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String running(Fixture f) {
    String id = workspace(f);
    as(f.lead, "researcher").post(WS + "/" + id + "/start").then().statusCode(200);
    return id;
  }
}
