package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.security.AuthorizationMatrixTest.hiddenPhase;
import static org.enclave.api.support.Api.as;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.enclave.api.security.AuthorizationMatrixTest;
import org.enclave.api.security.AuthorizationMatrixTest.Caller;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.ExportFixture;
import org.enclave.api.support.Fixture;
import org.enclave.api.support.TaskFixture;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The console's routes of {@link AuthorizationMatrixTest#BROWSER_ROUTES}, each caller signed in
 * with the code flow. A refused request changes nothing, so the callers a route refuses share one
 * fixture and one request of it; a caller the route lets change something gets a fresh fixture (and
 * workspace) of its own. Forms carry this site's Origin, so only the roles decide.
 */
@QuarkusTest
class ConsoleAuthorizationMatrixTest {
  private static final String WS = "/api/v1/workspaces";

  @TestHTTPResource("/")
  URI base;

  /** Signed-in browsers by caller and user: a session serves every request of its user. */
  private final Map<String, CodeFlowBrowser> browsers = new HashMap<>();

  @TestFactory
  Stream<DynamicTest> everyCallerGetsTheExpectedStatusOnTheConsole() {
    List<DynamicTest> tests = new ArrayList<>();
    Scene shared = new Scene(Fixture.create());
    for (String route : ConsoleResource.ROUTES) {
      int[] statuses = AuthorizationMatrixTest.BROWSER_ROUTES.get(route);
      Scene[] refused = new Scene[1];
      for (Caller caller : Caller.values()) {
        int expected = statuses[caller.ordinal()];
        tests.add(
            dynamicTest(
                route + " as " + caller + " → " + expected,
                () -> {
                  Scene scene;
                  if (route.startsWith("GET ")) {
                    scene = shared;
                  } else if (caller != Caller.ANONYMOUS && expected < 400) {
                    scene = new Scene(Fixture.create());
                  } else {
                    if (refused[0] == null) {
                      refused[0] = new Scene(Fixture.create());
                    }
                    scene = refused[0];
                  }
                  HttpResponse<String> r = scene.send(browser(caller, scene.f), route, null);
                  assertThat(r.statusCode())
                      .as("%s as %s: %s", route, caller, r.body())
                      .isEqualTo(expected);
                  if (r.statusCode() == 200 && r.body().startsWith("<!doctype html>")) {
                    assertStrictPolicy(route, r);
                  }
                }));
      }
    }
    return tests.stream();
  }

  /**
   * Every console route that changes something refuses a form from another site, for a caller the
   * roles would let through: the same-origin check covers each page, not a list of them. (A fixture
   * per route: building one route's request may decide what another's needs pending.)
   */
  @TestFactory
  Stream<DynamicTest> everyConsoleChangeRefusesAFormFromAnotherSite() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String route : ConsoleResource.ROUTES) {
      if (route.startsWith("GET ")) {
        continue;
      }
      int[] statuses = AuthorizationMatrixTest.BROWSER_ROUTES.get(route);
      Caller allowed =
          Stream.of(Caller.values())
              // passes authorization (a 409 is the service's answer after it)
              .filter(c -> c != Caller.ANONYMOUS && statuses[c.ordinal()] != 403)
              .findFirst()
              .orElseThrow(() -> new AssertionError(route + ": no caller may use it"));
      tests.add(
          dynamicTest(
              route + " as " + allowed + " from another site → 403",
              () -> {
                Scene s = new Scene(Fixture.create());
                HttpResponse<String> r =
                    s.send(browser(allowed, s.f), route, "http://evil.example");
                assertThat(r.statusCode()).as("%s: %s", route, r.body()).isEqualTo(403);
                assertThat(r.body()).contains("only from pages of this site");
              }));
    }
    return tests.stream();
  }

  /** A console page runs no inline script or style and loads nothing from another site. */
  private static void assertStrictPolicy(String route, HttpResponse<String> r) {
    String policy = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(policy)
        .as("%s: Content-Security-Policy", route)
        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.body())
        .as("%s: no inline script or style", route)
        .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
        .doesNotContain("<style", " style=\"", " onclick=", " onload=");
  }

  /** What a route is sent: a GET, an upload of {@code body}, or a form of {@code fields}. */
  private record Request(String verb, String path, Map<String, String> fields, byte[] body) {
    /** Sends it; a form carries {@code origin}, or this site's when null. */
    HttpResponse<String> send(CodeFlowBrowser b, String origin) throws Exception {
      if (verb.equals("GET")) {
        boolean json =
            path.contains("/data?") || path.contains("/consistency?") || path.endsWith(".json");
        return b.get(path, "Accept", json ? "application/json" : "text/html");
      }
      if (verb.equals("PUT")) {
        return b.upload(path, body, origin);
      }
      if (origin != null) {
        return b.send(b.formRequest(path, fields, "Accept", "text/html", "Origin", origin));
      }
      return b.postForm(path, fields, "Accept", "text/html");
    }
  }

  /**
   * A fixture and the request of each route built on it once: building one may create what the
   * route acts on (a workspace, a draft version, a task), which every caller of the scene shares.
   */
  private static final class Scene {
    final Fixture f;
    private final Map<String, Request> requests = new HashMap<>();

    Scene(Fixture f) {
      this.f = f;
    }

    HttpResponse<String> send(CodeFlowBrowser b, String route, String origin) throws Exception {
      Request request = requests.get(route);
      if (request == null) {
        request = request(route, f);
        requests.put(route, request);
      }
      return request.send(b, origin);
    }
  }

  private static Request request(String route, Fixture f) {
    String[] verbAndPath = route.split(" ", 2);
    String path = verbAndPath[1];
    if (path.contains("{exportId}")) {
      ExportFixture x = ExportFixture.of(f);
      path =
          path.contains("{fileId}")
              ? path.replace("{exportId}", x.releasedId).replace("{fileId}", x.releasedFileId)
              : path.replace("{exportId}", x.openId);
    }
    path = path.replace("{datasetId}", f.datasetId).replace("{requestId}", f.requestId);
    if (path.contains("{taskId}")) {
      TaskFixture t = TaskFixture.of(f);
      path =
          path.replace("{taskId}", t.taskId)
              .replace("{submissionId}", t.submissionId)
              .replace("{phaseId}", path.endsWith("/reveal") ? hiddenPhase(f) : t.phaseId);
    }
    if (path.equals(ConsoleProofs.PATH + "/consistency")) {
      path += "?from=";
    } else if (path.startsWith(ConsoleProofs.PATH)) {
      path += "?index=0";
    }
    if (verbAndPath[0].equals("GET")) {
      return new Request("GET", path, Map.of(), null);
    }
    if (verbAndPath[0].equals("PUT")) {
      String body = "{\"post\":1}\n";
      if (path.endsWith("/gold")) {
        body = TaskFixture.GOLD;
      } else if (path.endsWith("/scoring-program")) {
        path += "?kind=python&name=score.py";
        body = "print(1)\n";
      } else if (path.endsWith("/baseline")) {
        path += "?format=tsv";
        body = TaskFixture.SUBMISSION;
      } else {
        path =
            path.replace("{versionId}", AuthorizationMatrixTest.draft(f))
                .replace("{path}", "train/posts.jsonl");
      }
      return new Request("PUT", path, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
    Map<String, String> form = Map.of();
    if (path.equals(ConsoleTasks.PATH)) {
      form =
          Map.of(
              "name", Api.unique("task"),
              "title", "Console task",
              "description", "made in the matrix",
              "version", f.datasetId + "/" + AuthorizationMatrixTest.publishedVersion(f),
              "suite", "clpsych2019",
              "tieRule", "SHARED_RANK",
              "countedSubmission", "LATEST");
    } else if (path.startsWith(ConsoleTasks.PATH) && path.endsWith("/phases")) {
      LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).plusDays(400).withNano(0);
      form =
          Map.of(
              "name", "later",
              "startsAt", start.toString(),
              "endsAt", start.plusDays(1).toString(),
              "dailyLimit", "5",
              "totalLimit", "",
              "leaderboard", "VISIBLE",
              "tz", "UTC");
    } else if (path.startsWith(ConsoleTasks.PATH) && path.endsWith("/rescore")) {
      form = Map.of("reason", "gold fix");
    } else if (path.startsWith(ConsoleTasks.PATH)) {
      form = Map.of();
    } else if (path.startsWith(ConsoleTeams.PATH)) {
      path = path.replace("{teamId}", f.teamId).replace("{username}", f.member);
      form =
          path.equals(ConsoleTeams.PATH)
              ? Map.of("name", Api.unique("t"), "displayName", "", "lead", "alice", "members", "")
              : path.endsWith("/members") ? Map.of("username", Api.unique("zoe")) : Map.of();
    } else if (path.equals(ConsoleDatasets.PATH)) {
      form =
          Map.of(
              "name", Api.unique("ds"),
              "description", "synthetic posts",
              "tier", "2",
              "stewards", "");
    } else if (path.endsWith("/versions") && path.startsWith(ConsoleDatasets.PATH)) {
      form = Map.of("label", Api.unique("v"), "notes", "second");
    } else if (path.endsWith("/publish")) {
      path = path.replace("{versionId}", AuthorizationMatrixTest.draftWithFile(f));
    } else if (path.endsWith("/agreements")) {
      form = Map.of("text", "Version two of the terms.");
    } else if (path.equals(ConsoleAccess.PATH + "/requests")) {
      form =
          Map.of(
              "team", f.teamId,
              "version", f.datasetId + "/" + AuthorizationMatrixTest.publishedVersion(f),
              "purpose", "risk classification",
              "ethicsReference", "IRB-1",
              "durationDays", "30");
    } else if (path.endsWith("/agreement")) {
      form = Map.of("version", "1");
    } else if (path.endsWith("/deny")) {
      form = Map.of("reason", "no ethics approval attached");
    } else if (path.contains("{grantId}")) {
      path = path.replace("{grantId}", AuthorizationMatrixTest.approve(f));
      form = Map.of("reason", "the project ended");
    } else if (path.endsWith("/approve")) {
      form = Map.of("expires", "", "note", "");
    } else if (path.startsWith(ConsoleExports.PATH)) {
      form = Map.of("decision", "approve", "comment", "scores only");
    } else if (path.endsWith("/stop")) {
      path = path.replace("{workspaceId}", running(f));
    } else if (path.contains("{workspaceId}")) {
      path = path.replace("{workspaceId}", workspace(f));
    } else {
      form = Map.of("team", f.teamId, "name", Api.unique("ws"), "size", "small");
    }
    return new Request("POST", path, form, null);
  }

  /** The caller's browser, signed in once per user (anonymous: a new one each time). */
  private CodeFlowBrowser browser(Caller caller, Fixture f) throws Exception {
    String user =
        switch (caller) {
          case ANONYMOUS -> null;
          case RESEARCHER -> f.lead;
          case STEWARD -> f.steward;
          case OTHER_STEWARD -> "steward-elsewhere";
          case ORGANIZER -> "olga";
          case ADMIN -> "adam";
          case AUDITOR -> "audrey";
          case OTHER_TEAM -> f.outsider;
          case OUTPUT_CHECKER -> "oscar";
        };
    if (user == null) {
      return CodeFlowBrowser.anonymous(base);
    }
    String role =
        switch (caller) {
          case RESEARCHER, OTHER_TEAM -> "researcher";
          case STEWARD, OTHER_STEWARD -> "steward";
          case ORGANIZER -> "organizer";
          case ADMIN -> "admin";
          case AUDITOR -> "auditor";
          default -> "output-checker";
        };
    String key = role + "/" + user;
    CodeFlowBrowser b = browsers.get(key);
    if (b == null) {
      b = CodeFlowBrowser.signIn(base, "/console", user, role);
      browsers.put(key, b);
    }
    return b;
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
