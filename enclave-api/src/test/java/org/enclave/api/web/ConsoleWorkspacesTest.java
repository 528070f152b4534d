package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.workspace.WorkspaceScene;
import org.junit.jupiter.api.Test;

/**
 * The workspaces page and its forms, signed in with the code flow: the moves go through the same
 * service, rules and audit as the REST API; refusals show on the page with the input kept; forms
 * posted from another site are refused.
 */
@QuarkusTest
class ConsoleWorkspacesTest {
  private static final String PAGE = "/console/workspaces";

  @TestHTTPResource("/")
  URI base;

  @Test
  void researcherCreatesStartsStopsAndTerminatesWithForms() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    CodeFlowBrowser alice = CodeFlowBrowser.signIn(base, PAGE, scene.lead, "researcher");
    HttpResponse<String> page = alice.get(PAGE);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<option value=\"" + scene.teamId + "\"");

    long head = AuditTrail.head();
    String name = Api.unique("console");
    HttpResponse<String> created =
        alice.postForm(PAGE, Map.of("team", scene.teamId, "name", name, "size", "medium"));
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(PAGE + "?done=created&workspace=" + name));
    HttpResponse<String> after = alice.get(PAGE + "?done=created&workspace=" + name);
    assertThat(after.body()).contains("Workspace " + name + " created.");
    String id = idOf(after.body(), name);
    assertThat(stateOf(after.body(), id)).isEqualTo("CREATED");
    assertThat(after.body()).doesNotContain("/workspaces/" + id + "/session/");

    assertThat(alice.postForm(PAGE + "/" + id + "/start", Map.of()).statusCode()).isEqualTo(303);
    HttpResponse<String> running = alice.get(PAGE);
    assertThat(stateOf(running.body(), id)).isEqualTo("RUNNING");
    assertThat(running.body()).contains("href=\"/workspaces/" + id + "/session/\"");
    assertThat(apiState(scene.lead, id)).isEqualTo("RUNNING");

    assertThat(alice.postForm(PAGE + "/" + id + "/stop", Map.of()).statusCode()).isEqualTo(303);
    assertThat(stateOf(alice.get(PAGE).body(), id)).isEqualTo("STOPPED");
    assertThat(alice.postForm(PAGE + "/" + id + "/terminate", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(stateOf(alice.get(PAGE).body(), id)).isEqualTo("TERMINATED");

    List<Object> actions =
        AuditTrail.after(head, Map.of("actor", scene.lead)).stream()
            .filter(e -> id.equals(e.get("workspaceId")) || id.equals(e.get("resourceId")))
            .map(e -> e.get("action"))
            .toList();
    assertThat(actions)
        .contains(
            "workspace.created", "workspace.started", "workspace.stopped", "workspace.terminated");
  }

  @Test
  void refusedCreateShowsTheProblemAndKeepsTheInput() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    CodeFlowBrowser alice = CodeFlowBrowser.signIn(base, PAGE, scene.lead, "researcher");

    HttpResponse<String> invalid =
        alice.postForm(PAGE, Map.of("team", scene.teamId, "name", "bad name <b>", "size", "large"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(invalid.body())
        .contains("role=\"alert\"")
        .contains("must be 1-64 letters")
        .contains("value=\"bad name &lt;b&gt;\"")
        .contains("<option value=\"large\" selected>")
        .doesNotContain("<b>")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");

    String name = Api.unique("twice");
    assertThat(alice.postForm(PAGE, Map.of("team", scene.teamId, "name", name)).statusCode())
        .isEqualTo(303);
    HttpResponse<String> duplicate =
        alice.postForm(PAGE, Map.of("team", scene.teamId, "name", name));
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.body())
        .contains("already has a workspace named")
        .contains("value=\"" + name + "\"");

    HttpResponse<String> badSize =
        alice.postForm(PAGE, Map.of("team", scene.teamId, "name", Api.unique("s"), "size", "xl"));
    assertThat(badSize.statusCode()).isEqualTo(400);
    assertThat(badSize.body()).contains("must be small, medium or large");
  }

  @Test
  void formsFromAnotherSiteAreRefused() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    CodeFlowBrowser alice = CodeFlowBrowser.signIn(base, PAGE, scene.lead, "researcher");
    Map<String, String> form = Map.of("team", scene.teamId, "name", Api.unique("csrf"));

    HttpResponse<String> foreign =
        alice.send(alice.formRequest(PAGE, form, "Origin", "http://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("cross-origin-refused");
    HttpResponse<String> crossSite =
        alice.send(alice.formRequest(PAGE, form, "Sec-Fetch-Site", "cross-site"));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    HttpResponse<String> neither = alice.send(alice.formRequest(PAGE, form));
    assertThat(neither.statusCode()).isEqualTo(403);
    assertThat(alice.get(PAGE).body()).doesNotContain(form.get("name"));

    HttpResponse<String> sameOrigin =
        alice.send(alice.formRequest(PAGE, form, "Sec-Fetch-Site", "same-origin"));
    assertThat(sameOrigin.statusCode()).isEqualTo(303);
    assertThat(alice.get(PAGE).body()).contains(form.get("name"));
  }

  @Test
  void sessionCookieIsSameSiteLaxAndHttpOnly() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    CodeFlowBrowser alice = CodeFlowBrowser.signIn(base, PAGE, scene.lead, "researcher");
    List<String> session =
        alice.signInHeaders.allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("q_session"))
            .filter(c -> !c.contains("Max-Age=0"))
            .toList();
    assertThat(session).isNotEmpty();
    assertThat(session).allSatisfy(c -> assertThat(c).containsIgnoringCase("SameSite=Lax"));
    assertThat(session).allSatisfy(c -> assertThat(c).containsIgnoringCase("HttpOnly"));
  }

  @Test
  void stewardSeesEveryTeamsWorkspacesButMayNotCreate() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    CodeFlowBrowser sam = CodeFlowBrowser.signIn(base, PAGE, Api.unique("sam"), "steward");
    HttpResponse<String> page = sam.get(PAGE);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"ws-" + id + "\"").doesNotContain("id=\"create\"");
    HttpResponse<String> create =
        sam.postForm(PAGE, Map.of("team", scene.teamId, "name", Api.unique("no")));
    assertThat(create.statusCode()).isEqualTo(403);
  }

  @Test
  void memberOfAnotherTeamIsRefusedOnThePage() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String id = scene.create();
    WorkspaceScene other = new WorkspaceScene();
    CodeFlowBrowser bob = CodeFlowBrowser.signIn(base, PAGE, other.lead, "researcher");
    assertThat(bob.get(PAGE).body()).doesNotContain(id);
    HttpResponse<String> start = bob.postForm(PAGE + "/" + id + "/start", Map.of());
    assertThat(start.statusCode()).isEqualTo(403);
    assertThat(start.body()).contains("role=\"alert\"").doesNotContain("Exception");
    HttpResponse<String> create =
        bob.postForm(PAGE, Map.of("team", scene.teamId, "name", Api.unique("in")));
    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(apiState(scene.lead, id)).isEqualTo("CREATED");
  }

  @Test
  void anonymousBrowserIsSentToSignIn() throws Exception {
    CodeFlowBrowser anonymous = CodeFlowBrowser.anonymous(base);
    HttpResponse<String> page = anonymous.get(PAGE, "Accept", "text/html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("response_type=code"));
  }

  @Test
  void homeShowsTeamsAndLinksByRole() throws Exception {
    WorkspaceScene scene = new WorkspaceScene();
    String team = as(scene.lead, "researcher").get("/api/v1/teams/" + scene.teamId).path("name");
    CodeFlowBrowser alice = CodeFlowBrowser.signIn(base, "/console", scene.lead, "researcher");
    String home = alice.get("/console").body();
    assertThat(home).contains(scene.lead).contains(team + " (lead)");
    assertThat(home).contains("href=\"/console/workspaces\">Workspaces</a>:");
    assertThat(home).doesNotContain("href=\"/console/audit\">Audit log</a>");
    CodeFlowBrowser audrey = CodeFlowBrowser.signIn(base, "/console", "audrey", "auditor");
    String auditorHome = audrey.get("/console").body();
    assertThat(auditorHome).contains("href=\"/console/audit\">Audit log</a>");
    assertThat(auditorHome).doesNotContain("href=\"/console/workspaces\">Workspaces</a>:");
  }

  static String idOf(String page, String name) {
    Matcher m =
        Pattern.compile("<tr id=\"ws-([0-9a-f-]{36})\" data-name=\"" + name + "\"").matcher(page);
    assertThat(m.find()).as("row of %s in %s", name, page).isTrue();
    return m.group(1);
  }

  static String stateOf(String page, String id) {
    Matcher m =
        Pattern.compile(
                "<tr id=\"ws-" + id + "\"[^>]*>.*?<td class=\"state\">([A-Z]+)", Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("row of %s", id).isTrue();
    return m.group(1);
  }

  private static String apiState(String user, String id) {
    return as(user, "researcher").get("/api/v1/workspaces/" + id).path("state");
  }
}
