package org.enclave.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.e2e.DemoBrowsers.approveLighthouse;
import static org.enclave.api.e2e.DemoBrowsers.runNotebook;
import static org.enclave.api.e2e.DemoBrowsers.signIn;
import static org.enclave.api.e2e.DemoBrowsers.waitOn;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.enclave.api.demo.DemoDataLoader;
import org.enclave.api.support.SessionProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A real browser (headless Chromium) against the real Keycloak and a real workspace: the demo
 * researcher signs in on Keycloak's page, creates and starts a workspace in the console, opens its
 * notebook through the session proxy, reads the demo dataset in a Groovy cell and in a Python cell,
 * and sees the output; the steward, in a browser of her own, finds both reads in the console's
 * audit page. A member of another team is refused, an anonymous browser is sent to sign in, and
 * after sign-out the session is refused. Screenshots go to {@code target/browser-artifacts}.
 */
@QuarkusTest
@TestProfile(RealKeycloakSessionProfile.class)
@Tag("browser")
class NotebookBrowserTest {
  private static final String BUCKET = "clpsych-synthetic.v1";

  @Inject DemoDataLoader demo;

  @TestHTTPResource("/")
  URI base;

  @Test
  void researcherReadsTheDatasetInGroovyAndPythonAndTheStewardSeesBothReads() {
    Chromium.require();
    SessionProfile.requireRuntime();
    demo.load();
    approveLighthouse();

    WebDriver alice = Chromium.start();
    WebDriver sam = null;
    WebDriver carol = null;
    WebDriver anonymous = null;
    try {
      alice.get(url("/console/workspaces"));
      signIn(alice, "alice");
      waitOn(alice).until(ExpectedConditions.urlContains("/console/workspaces"));
      Chromium.screenshot(alice, "01-workspaces");

      String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
      new Select(alice.findElement(By.id("team"))).selectByVisibleText("lighthouse");
      alice.findElement(By.id("name")).sendKeys(name);
      alice.findElement(By.cssSelector("#create button[type=submit]")).click();
      WebElement notice =
          waitOn(alice).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
      assertThat(notice.getText()).contains("Workspace " + name + " created.");
      WebElement row = rowOf(alice, name);
      String workspaceId = row.getAttribute("id").substring("ws-".length());
      row.findElement(By.cssSelector("button[name=start]")).click();
      WebElement open =
          waitOn(alice)
              .until(
                  ExpectedConditions.presenceOfElementLocated(
                      By.cssSelector("#ws-" + workspaceId + " a.open")));
      assertThat(rowOf(alice, name).findElement(By.className("state")).getText())
          .startsWith("RUNNING");
      Chromium.screenshot(alice, "02-running");

      open.click();
      waitOn(alice)
          .until(ExpectedConditions.urlContains("/workspaces/" + workspaceId + "/session/"));
      waitOn(alice).until(ExpectedConditions.presenceOfElementLocated(By.id("notebook_list")));
      Chromium.screenshot(alice, "03-notebook-tree");
      String session = "/workspaces/" + workspaceId + "/session";

      String groovy =
          runNotebook(
              alice,
              base,
              session,
              "groovy-read.ipynb",
              "enclave-groovy",
              "groovy",
              "def posts = enclave.jsonl('"
                  + BUCKET
                  + "', 'train/posts.jsonl').toList()\\n"
                  + "println \\\"groovy read ${posts.size()} posts\\\"");
      assertThat(groovy).containsPattern("groovy read \\d+ posts");
      Chromium.screenshot(alice, "04-groovy-cell");

      String python =
          runNotebook(
              alice,
              base,
              session,
              "python-read.ipynb",
              "python3",
              "python",
              "import boto3\\n"
                  + "body = boto3.client('s3').get_object(Bucket='"
                  + BUCKET
                  + "', Key='train/labels.tsv')['Body'].read().decode()\\n"
                  + "print('python read', len(body.splitlines()) - 1, 'labels')");
      assertThat(python).containsPattern("python read \\d+ labels");
      Chromium.screenshot(alice, "05-python-cell");

      sam = Chromium.start();
      sam.get(url("/console/audit?action=dataset.object.read"));
      signIn(sam, "sam");
      waitOn(sam).until(ExpectedConditions.presenceOfElementLocated(By.id("events")));
      List<String> reads =
          sam.findElements(By.cssSelector("#events tr.event")).stream()
              .map(WebElement::getText)
              .filter(t -> t.contains(workspaceId) && t.contains("alice"))
              .toList();
      assertThat(reads).anySatisfy(t -> assertThat(t).contains("train/posts.jsonl", "ALLOW"));
      assertThat(reads).anySatisfy(t -> assertThat(t).contains("train/labels.tsv", "ALLOW"));
      Chromium.screenshot(sam, "06-steward-audit");

      carol = Chromium.start();
      carol.get(url(session + "/"));
      signIn(carol, "carol");
      waitOn(carol).until(d -> d.getPageSource().contains("forbidden"));
      assertThat(carol.getPageSource()).doesNotContain("notebook_list");
      Chromium.screenshot(carol, "07-other-team-refused");

      anonymous = Chromium.start();
      anonymous.get(url(session + "/"));
      waitOn(anonymous).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
      assertThat(anonymous.getCurrentUrl()).startsWith(RealKeycloakResource.issuer);
      Chromium.screenshot(anonymous, "08-anonymous-sent-to-sign-in");

      alice.get(url("/console"));
      alice.findElement(By.id("logout")).click();
      waitOn(alice).until(ExpectedConditions.not(ExpectedConditions.urlContains("/console")));
      alice.get(url(session + "/tree"));
      waitOn(alice).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
      assertThat(alice.getCurrentUrl()).startsWith(RealKeycloakResource.issuer);
      Chromium.screenshot(alice, "09-signed-out-refused");

      signIn(alice, "alice");
      waitOn(alice).until(ExpectedConditions.urlContains("/session/"));
      alice.get(url("/console/workspaces"));
      rowOf(alice, name).findElement(By.cssSelector("button[name=stop]")).click();
      waitOn(alice)
          .until(
              d ->
                  rowOf(d, name)
                      .findElement(By.className("state"))
                      .getText()
                      .startsWith("STOPPED"));
    } finally {
      for (WebDriver d : new WebDriver[] {alice, sam, carol, anonymous}) {
        if (d != null) {
          d.quit();
        }
      }
    }
  }

  private static WebElement rowOf(WebDriver d, String name) {
    return d.findElement(By.cssSelector("tr[data-name='" + name + "']"));
  }

  private String url(String path) {
    return base.resolve(path).toString();
  }
}
