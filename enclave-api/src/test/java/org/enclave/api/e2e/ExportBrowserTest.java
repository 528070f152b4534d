package org.enclave.api.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.e2e.DemoBrowsers.approveLighthouse;
import static org.enclave.api.e2e.DemoBrowsers.passwordGrant;
import static org.enclave.api.e2e.DemoBrowsers.signIn;
import static org.enclave.api.e2e.DemoBrowsers.waitOn;
import static org.enclave.api.support.WorkspaceShell.RUNTIME_JAR;
import static org.enclave.api.support.WorkspaceShell.put;
import static org.enclave.api.support.WorkspaceShell.sh;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.enclave.api.demo.DemoDataLoader;
import org.enclave.api.support.SessionProfile;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The export journey in real browsers against the real Keycloak and a real workspace: alice, inside
 * her workspace, asks with {@code enclave export request} for a table that quotes a post of the
 * demo data and a figure; the steward sam sees the quote among the findings, views the table,
 * acknowledges the finding and approves; the output checker oscar does the same and the request is
 * released; alice downloads both files from the console and gets exactly what she asked for.
 * Screenshots go to {@code target/browser-artifacts}.
 */
@QuarkusTest
@TestProfile(RealKeycloakSessionProfile.class)
@Tag("browser")
class ExportBrowserTest {
  private static final String BUCKET = "clpsych-synthetic.v1";
  private static final Pattern REQUEST = Pattern.compile("export request ([0-9a-f-]{36}) is");

  @Inject DemoDataLoader demo;
  @Inject WorkspaceHost host;

  @TestHTTPResource("/")
  URI base;

  @Test
  void aliceExportsATableAndAFigureTwoReviewersReleaseThemAndSheDownloadsThem() throws Exception {
    Chromium.require();
    SessionProfile.requireRuntime();
    assertThat(RUNTIME_JAR).as("the packaged runtime must exist").exists();
    demo.load();
    approveLighthouse();
    WorkspaceProvider provider = host.provider();
    String workspace = startWorkspace(passwordGrant("alice"));

    put(provider, workspace, "enclave-runtime.jar", Files.readAllBytes(RUNTIME_JAR));
    put(provider, workspace, "figure1.png", figure());
    ExecResult table =
        sh(
            provider,
            workspace,
            "mkdir -p results && aws s3 cp s3://"
                + BUCKET
                + "/train/posts.jsonl - | head -1 | python3 -c 'import json,sys;"
                + " w=json.loads(sys.stdin.readline())[\"body\"].replace(\"\\\"\",\"\").split()[:14];"
                + " open(\"results/table2.csv\",\"w\").write(\"example,score\\n\\\"\"+\" \".join(w).upper()"
                + "+\"\\\",0.91\\nbaseline,0.40\\n\")' && cat results/table2.csv");
    assertThat(table.exitCode()).as(table.stderr()).isZero();
    String tableCsv = table.stdout();
    ExecResult asked =
        sh(
            provider,
            workspace,
            "enclave export request results/table2.csv figure1.png"
                + " --justification 'Table 2 and Figure 1 of our workshop paper'");
    assertThat(asked.exitCode()).as(asked.stderr()).isZero();
    Matcher m = REQUEST.matcher(asked.stdout());
    assertThat(m.find()).as(asked.stdout()).isTrue();
    String id = m.group(1);
    String page = "/console/exports/" + id;

    WebDriver sam = Chromium.start();
    WebDriver oscar = null;
    WebDriver alice = null;
    try {
      sam.get(url("/console/exports"));
      signIn(sam, "sam");
      waitOn(sam).until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
      Chromium.screenshot(sam, "export-01-steward-queue");
      sam.findElement(By.cssSelector("#export-" + id + " a")).click();
      waitOn(sam).until(ExpectedConditions.presenceOfElementLocated(By.id("findings")));
      List<WebElement> quotes = sam.findElements(By.cssSelector("#findings tr.verbatim-text"));
      assertThat(quotes).isNotEmpty();
      assertThat(quotes.get(0).getText()).contains("results/table2.csv", "row 2");
      Chromium.screenshot(sam, "export-02-findings");

      sam.findElement(By.cssSelector("#files a.view")).click();
      waitOn(sam).until(ExpectedConditions.presenceOfElementLocated(By.id("table")));
      assertThat(sam.findElement(By.id("table")).getText()).contains("example", "baseline");
      Chromium.screenshot(sam, "export-03-table-viewed");
      sam.navigate().back();

      decide(sam, "approve", "the quote is the example the paper discusses");
      assertThat(sam.findElement(By.id("notice")).getText()).contains("Your approval is recorded.");
      assertThat(sam.findElement(By.id("state")).getText()).startsWith("in-review");
      Chromium.screenshot(sam, "export-04-first-approval");

      alice = Chromium.start();
      alice.get(url(page));
      signIn(alice, "alice");
      waitOn(alice).until(ExpectedConditions.presenceOfElementLocated(By.id("files")));
      assertThat(alice.findElements(By.cssSelector("a.download"))).isEmpty();
      assertThat(alice.findElements(By.id("decide"))).isEmpty();

      oscar = Chromium.start();
      oscar.get(url("/console/exports"));
      signIn(oscar, "oscar");
      waitOn(oscar).until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
      oscar.findElement(By.cssSelector("#queue #export-" + id + " a")).click();
      waitOn(oscar).until(ExpectedConditions.presenceOfElementLocated(By.id("decide")));
      decide(oscar, "approve", "aggregate table; the quote is acknowledged");
      assertThat(oscar.findElement(By.id("state")).getText()).startsWith("released");
      Chromium.screenshot(oscar, "export-05-released");

      alice.get(url(page));
      waitOn(alice)
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a.download")));
      Chromium.screenshot(alice, "export-06-alice-downloads");
      List<WebElement> links = alice.findElements(By.cssSelector("a.download"));
      assertThat(links).hasSize(2);
      assertThat(fetch(alice, links.get(0).getAttribute("href"))).isEqualTo(tableCsv);
      assertThat(fetch(alice, links.get(1).getAttribute("href")))
          .isEqualTo("200 " + figure().length);
    } finally {
      for (WebDriver d : new WebDriver[] {sam, oscar, alice}) {
        if (d != null) {
          d.quit();
        }
      }
    }
  }

  /** Fills the decision form: every acknowledgement, the choice and the comment; then submits. */
  private static void decide(WebDriver d, String decision, String why) {
    for (WebElement ack : d.findElements(By.cssSelector("#decide input[name^='ack.']"))) {
      ack.sendKeys(why);
    }
    d.findElement(By.id(decision)).click();
    d.findElement(By.id("comment")).sendKeys(why);
    d.findElement(By.id("submit-decision")).click();
    waitOn(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
  }

  /** Downloads {@code href} in the page: the text of a text file, else "STATUS BYTES". */
  private static String fetch(WebDriver d, String href) {
    return (String)
        ((JavascriptExecutor) d)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(async r => {"
                    + " const b = new Uint8Array(await r.arrayBuffer());"
                    + " if (b[0] === 0x89) { done(r.status + ' ' + b.length); }"
                    + " else { done(new TextDecoder().decode(b)); } }, e => done(String(e)));",
                href);
  }

  private String startWorkspace(String token) {
    String team =
        given()
            .auth()
            .oauth2(token)
            .get("/api/v1/teams")
            .then()
            .statusCode(200)
            .extract()
            .path("find { it.name == 'lighthouse' }.id");
    String id =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(Map.of("teamId", team, "name", "export-journey", "size", "small"))
            .post("/api/v1/workspaces")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .post("/api/v1/workspaces/" + id + "/start")
        .then()
        .statusCode(200);
    return id;
  }

  private static byte[] figure() throws IOException {
    BufferedImage img = new BufferedImage(160, 90, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 160, 90);
    g.setColor(new Color(0x1b5e20));
    g.fillRect(20, 30, 40, 50);
    g.fillRect(90, 10, 40, 70);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private String url(String path) {
    return base.resolve(path).toString();
  }
}
