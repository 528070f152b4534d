package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.Fixture;
import org.junit.jupiter.api.Test;

/**
 * The teams page and the home page's "what needs you": an organizer creates a team and changes its
 * members with forms (mistakes next to their fields, nothing stored); a researcher sees only their
 * teams; each role is told what waits for it, with a link to where it is done.
 */
@QuarkusTest
class ConsoleTeamsTest {
  private static final String PAGE = "/console/teams";

  @TestHTTPResource("/")
  URI base;

  @Test
  void anOrganizerCreatesATeamAndChangesItsMembers() throws Exception {
    CodeFlowBrowser olga = CodeFlowBrowser.signIn(base, PAGE, "olga", "organizer");
    String lead = Api.unique("lead");
    HttpResponse<String> bad =
        olga.postForm(
            PAGE, Map.of("name", "Bad Name", "displayName", "", "lead", lead, "members", ""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("id=\"name-error\"", "value=\"Bad Name\"");

    String name = Api.unique("crew");
    HttpResponse<String> created =
        olga.postForm(
            PAGE,
            Map.of("name", name, "displayName", "The crew", "lead", lead, "members", "m1, m2"));
    assertThat(created.statusCode()).isEqualTo(303);
    String back = created.headers().firstValue("Location").orElseThrow();
    assertThat(back).endsWith(PAGE + "?done=created&q=" + name);
    String page = olga.get(PAGE + "?done=created&q=" + name).body();
    assertThat(page).contains("The team is created.");
    String teamId = teamIdOf(page, name);
    String section = sectionOf(page, teamId);
    assertThat(section).contains(lead + " (lead)", "m1", "m2");

    assertThat(
            olga.postForm(PAGE + "/" + teamId + "/members", Map.of("username", "has space"))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            olga.postForm(PAGE + "/" + teamId + "/members", Map.of("username", "m3", "lead", "on"))
                .statusCode())
        .isEqualTo(303);
    assertThat(olga.postForm(PAGE + "/" + teamId + "/members/m1/remove", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(olga.postForm(PAGE + "/" + teamId + "/members/m1/remove", Map.of()).statusCode())
        .isEqualTo(404);
    section = sectionOf(olga.get(PAGE + "?q=" + name).body(), teamId);
    assertThat(olga.get(PAGE + "?q=m3").body()).contains("id=\"team-" + teamId + "\"");
    assertThat(olga.get(PAGE + "?q=" + name + "-none").body()).contains("No team matches");
    assertThat(olga.get(PAGE + "?page=last").statusCode()).isEqualTo(400);
    assertThat(section).contains("m3 (lead)", "m2").doesNotContain(">m1<");

    CodeFlowBrowser m2 = CodeFlowBrowser.signIn(base, PAGE, "m2", "researcher");
    String theirs = m2.get(PAGE).body();
    assertThat(theirs).contains(name).doesNotContain("Create a team").doesNotContain("Remove");
    assertThat(m2.postForm(PAGE + "/" + teamId + "/members/m2/remove", Map.of()).statusCode())
        .isEqualTo(403);
  }

  @Test
  void eachRoleIsToldWhatWaitsForIt() throws Exception {
    Fixture f = Fixture.builder().acceptAgreement(false).build();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, "/console", f.lead, "researcher");
    assertThat(lead.get("/console").body())
        .contains("Accept the data use agreement of")
        .contains("href=\"/console/access/datasets/" + f.datasetId + "/agreement\"");
    CodeFlowBrowser steward = CodeFlowBrowser.signIn(base, "/console", f.steward, "steward");
    assertThat(steward.get("/console").body())
        .contains("1 access request waits for your decision")
        .contains("href=\"/console/access\"");
    lead.postForm("/console/access/datasets/" + f.datasetId + "/agreement", Map.of("version", "1"));
    assertThat(lead.get("/console").body()).contains("Nothing waits for you now.");
    CodeFlowBrowser auditor = CodeFlowBrowser.signIn(base, "/console", "audrey", "auditor");
    assertThat(auditor.get("/console").body()).contains("Nothing waits for you now.");
  }

  private static String teamIdOf(String page, String name) {
    Matcher m =
        Pattern.compile("id=\"team-([0-9a-f-]{36})-heading\">" + Pattern.quote(name) + "\\b")
            .matcher(page);
    assertThat(m.find()).as("team %s on the page", name).isTrue();
    return m.group(1);
  }

  private static String sectionOf(String page, String teamId) {
    int at = page.indexOf("id=\"team-" + teamId + "\"");
    assertThat(at).isNotNegative();
    int end = page.indexOf("</section>", at);
    return page.substring(at, end);
  }
}
