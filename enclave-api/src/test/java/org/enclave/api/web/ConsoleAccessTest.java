package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.Fixture;
import org.junit.jupiter.api.Test;

/**
 * The data access pages, signed in with the code flow: a team accepts the agreement and asks for
 * access, its steward approves with an expiry and revokes, all through the API's services and
 * audit; refusals show next to the field they concern and store nothing.
 */
@QuarkusTest
class ConsoleAccessTest {
  private static final String PAGE = "/console/access";

  @TestHTTPResource("/")
  URI base;

  @Test
  void aTeamAcceptsTheAgreementItsStewardApprovesWithAnExpiryAndRevokes() throws Exception {
    Fixture f = Fixture.builder().acceptAgreement(false).build();
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, PAGE, f.lead, "researcher");
    CodeFlowBrowser member = CodeFlowBrowser.signIn(base, PAGE, f.member, "researcher");
    CodeFlowBrowser steward = CodeFlowBrowser.signIn(base, PAGE, f.steward, "steward");

    String mine = lead.get(PAGE).body();
    assertThat(statusOf(mine, f.versionId)).isEqualTo("pending");
    assertThat(mine.indexOf("<tr id=\"version-" + f.versionId + "\""))
        .as("the team's own versions come first")
        .isEqualTo(mine.indexOf("<tr id=\"version-", mine.indexOf("id=\"catalog\"")));
    assertThat(lead.get(PAGE + "?q=no-such-dataset-anywhere").body())
        .contains("No published version matches");
    assertThat(lead.get(PAGE + "?page=first").statusCode()).isEqualTo(400);
    assertThat(mine)
        .contains(f.lead + " (lead)", f.member)
        .contains("href=\"/console/access/datasets/" + f.datasetId + "/agreement\"")
        .contains("not accepted by you yet");

    String queue = steward.get(PAGE).body();
    assertThat(sectionOf(queue, "request-" + f.requestId))
        .contains("risk classification", "IRB-2026-001")
        .contains("not yet accepted by " + f.lead + ", " + f.member);

    HttpResponse<String> early = steward.postForm(approvePath(f), Map.of("expires", ""));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.body()).contains("role=\"alert\"", "have not accepted version 1");

    String agreementPage = f.datasetId + "/agreement";
    String text = lead.get(PAGE + "/datasets/" + agreementPage).body();
    assertThat(text)
        .contains("Use only inside the enclave.")
        .contains("I have read and accept version 1")
        .contains("waiting for " + f.lead + ", " + f.member);
    long head = AuditTrail.head();
    for (CodeFlowBrowser b : List.of(lead, member)) {
      HttpResponse<String> accepted =
          b.postForm(PAGE + "/datasets/" + agreementPage, Map.of("version", "1"));
      assertThat(accepted.statusCode()).isEqualTo(303);
    }
    assertThat(lead.get(PAGE + "/datasets/" + agreementPage).body())
        .contains("You accepted this version.")
        .contains("every member accepted");
    assertThat(sectionOf(steward.get(PAGE).body(), "request-" + f.requestId))
        .contains("every member accepted");

    String until = LocalDate.now(ZoneOffset.UTC).plusDays(10).toString();
    HttpResponse<String> approved =
        steward.postForm(approvePath(f), Map.of("expires", until, "note", "welcome"));
    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(approved.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(PAGE + "?done=approved"));
    String grants = steward.get(PAGE + "?done=approved").body();
    assertThat(grants).contains("The request is approved").doesNotContain("request-" + f.requestId);
    String grantId = grantIdOf(grants);
    assertThat(
            as(f.lead, "researcher")
                .get("/api/v1/grants/" + grantId)
                .then()
                .statusCode(200)
                .extract()
                .<String>path("expiresAt"))
        .startsWith(until + "T23:59:59");
    assertThat(statusOf(lead.get(PAGE).body(), f.versionId)).isEqualTo("granted");

    HttpResponse<String> revoked =
        steward.postForm(
            PAGE + "/grants/" + grantId + "/revoke", Map.of("reason", "the project ended"));
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(steward.get(PAGE).body()).doesNotContain("grant-" + grantId);
    String after = lead.get(PAGE).body();
    assertThat(statusOf(after, f.versionId)).isEqualTo("revoked");
    assertThat(after).contains("the project ended");

    List<Object> actions =
        AuditTrail.after(head, Map.of()).stream()
            .filter(e -> List.of(f.lead, f.member, f.steward).contains(e.get("actor")))
            .map(e -> e.get("action"))
            .toList();
    assertThat(actions).contains("agreement.accept", "access-request.approve", "grant.revoke");
  }

  @Test
  void aResearcherAsksForAccessAndMistakesShowNextToTheirFieldsWithNothingStored()
      throws Exception {
    Fixture f = Fixture.create();
    String version =
        f.datasetId + "/" + org.enclave.api.security.AuthorizationMatrixTest.publishedVersion(f);
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, PAGE, f.lead, "researcher");
    int before = requestsOf(f);

    HttpResponse<String> blank = ask(lead, f, version, "  ", "IRB-<b>7</b>", "30");
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(blank.body())
        .contains("id=\"purpose-error\"")
        .contains("aria-invalid=\"true\" aria-describedby=\"purpose-error\"")
        .contains("value=\"IRB-&lt;b&gt;7&lt;/b&gt;\"")
        .contains("<option value=\"" + version + "\" selected>")
        .doesNotContain("<b>7</b>")
        .doesNotContain("\tat ");

    HttpResponse<String> days = ask(lead, f, version, "risk models", "IRB-7", "a month");
    assertThat(days.statusCode()).isEqualTo(400);
    assertThat(days.body()).contains("id=\"durationDays-error\"", "must be a whole number of days");

    HttpResponse<String> tooLong = ask(lead, f, version, "risk models", "IRB-7", "731");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("id=\"durationDays-error\"");

    HttpResponse<String> badVersion = ask(lead, f, "not-a-version", "risk models", "IRB-7", "30");
    assertThat(badVersion.statusCode()).isEqualTo(400);
    assertThat(badVersion.body()).contains("must be one of the choices offered");
    assertThat(requestsOf(f)).isEqualTo(before);

    HttpResponse<String> sent = ask(lead, f, version, "risk models", "IRB-7", "30");
    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(requestsOf(f)).isEqualTo(before + 1);
    HttpResponse<String> twice = ask(lead, f, version, "risk models", "IRB-7", "30");
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.body()).contains("already has a pending request");
    assertThat(requestsOf(f)).isEqualTo(before + 1);
  }

  @Test
  void stewardsMistakesAndOtherStewardsAreRefusedOnThePageAndAudited() throws Exception {
    Fixture f = Fixture.create();
    CodeFlowBrowser steward = CodeFlowBrowser.signIn(base, PAGE, f.steward, "steward");

    HttpResponse<String> date = steward.postForm(approvePath(f), Map.of("expires", "31/12/2027"));
    assertThat(date.statusCode()).isEqualTo(400);
    assertThat(sectionOf(date.body(), "request-" + f.requestId))
        .contains("class=\"field-error\"", "must be a date like");

    String late = LocalDate.now(ZoneOffset.UTC).plusDays(400).toString();
    HttpResponse<String> tooLate = steward.postForm(approvePath(f), Map.of("expires", late));
    assertThat(tooLate.statusCode()).isEqualTo(400);
    assertThat(sectionOf(tooLate.body(), "request-" + f.requestId))
        .contains("must be no later than");

    HttpResponse<String> noReason =
        steward.postForm(PAGE + "/requests/" + f.requestId + "/deny", Map.of("reason", " "));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(requestStatus(f)).isEqualTo("PENDING");

    CodeFlowBrowser other = CodeFlowBrowser.signIn(base, PAGE, "steward-elsewhere", "steward");
    assertThat(other.get(PAGE).body()).doesNotContain("request-" + f.requestId);
    long head = AuditTrail.head();
    HttpResponse<String> notTheirs = other.postForm(approvePath(f), Map.of("expires", ""));
    assertThat(notTheirs.statusCode()).isEqualTo(403);
    assertThat(notTheirs.body()).contains("role=\"alert\"");
    assertThat(AuditTrail.after(head, Map.of("actor", "steward-elsewhere")))
        .anySatisfy(e -> assertThat(e.get("outcome")).isEqualTo("DENY"));
    assertThat(requestStatus(f)).isEqualTo("PENDING");

    HttpResponse<String> denied =
        steward.postForm(
            PAGE + "/requests/" + f.requestId + "/deny",
            Map.of("reason", "attach the ethics approval letter"));
    assertThat(denied.statusCode()).isEqualTo(303);
    assertThat(requestStatus(f)).isEqualTo("DENIED");
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, PAGE, f.lead, "researcher");
    String page = lead.get(PAGE).body();
    assertThat(statusOf(page, f.versionId)).isEqualTo("denied");
    assertThat(page).contains("attach the ethics approval letter");
  }

  /** The request form as the lead sends it. */
  private static HttpResponse<String> ask(
      CodeFlowBrowser lead,
      Fixture f,
      String version,
      String purpose,
      String ethicsReference,
      String durationDays)
      throws Exception {
    return lead.postForm(
        PAGE + "/requests",
        Map.of(
            "team", f.teamId,
            "version", version,
            "purpose", purpose,
            "ethicsReference", ethicsReference,
            "durationDays", durationDays));
  }

  private static String approvePath(Fixture f) {
    return PAGE + "/requests/" + f.requestId + "/approve";
  }

  private static int requestsOf(Fixture f) {
    List<Map<String, Object>> all =
        as(f.lead, "researcher")
            .get("/api/v1/access-requests")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return (int) all.stream().filter(r -> f.teamId.equals(r.get("teamId"))).count();
  }

  private static String requestStatus(Fixture f) {
    return as(f.lead, "researcher")
        .get("/api/v1/access-requests/" + f.requestId)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }

  /** The team's access state shown in the catalog row of a version. */
  private static String statusOf(String page, String versionId) {
    Matcher m =
        Pattern.compile(
                "<tr id=\"version-" + versionId + "\">.*?<span class=\"status\">([a-z]+)</span>",
                Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("catalog row of %s", versionId).isTrue();
    return m.group(1);
  }

  private static String sectionOf(String page, String id) {
    int at = page.indexOf("id=\"" + id + "\"");
    assertThat(at).as("%s on the page", id).isNotNegative();
    int end = page.indexOf("</section>", at);
    return page.substring(at, end < 0 ? page.length() : end);
  }

  private static String grantIdOf(String page) {
    Matcher m = Pattern.compile("<tr id=\"grant-([0-9a-f-]{36})\">").matcher(page);
    assertThat(m.find()).as("a grant row").isTrue();
    return m.group(1);
  }
}
