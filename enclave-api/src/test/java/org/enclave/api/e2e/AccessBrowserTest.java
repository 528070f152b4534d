package org.enclave.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.e2e.DemoBrowsers.runNotebook;
import static org.enclave.api.e2e.DemoBrowsers.signIn;
import static org.enclave.api.e2e.DemoBrowsers.waitOn;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.demo.DemoDataLoader;
import org.enclave.api.support.SessionProfile;
import org.enclave.audit.note.NoteSigner;
import org.enclave.infra.local.demo.SyntheticClpsychCorpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Access to a dataset from start to end in a real browser, with the demo users at the real Keycloak
 * and no token or identifier typed anywhere: team harbor's members (carol, dave) read and accept
 * the data use agreement on its page; the steward (sam) sees who accepted, approves the demo's
 * pending request with an expiry of his choosing; carol reads the dataset in a notebook of a harbor
 * workspace; sam revokes with a reason, and carol's next read is refused; carol sees why and asks
 * again with the request form. The organizer (olga) runs a task in the browser and alice's team
 * sees its rank after the reveal; the auditor proves an entry; a steward uploads a dataset.
 * Screenshots go to {@code target/browser-artifacts}.
 */
@QuarkusTest
@TestProfile(RealKeycloakSessionProfile.class)
@Tag("browser")
class AccessBrowserTest {
  private static final String BUCKET = "clpsych-synthetic.v1";
  private static final String READ =
      "import boto3\\n"
          + "body = boto3.client('s3').get_object(Bucket='"
          + BUCKET
          + "', Key='train/labels.tsv')['Body'].read().decode()\\n"
          + "print('python read', len(body.splitlines()) - 1, 'labels')";

  @Inject DemoDataLoader demo;
  @Inject EnclaveConfig config;

  @TestHTTPResource("/")
  URI base;

  @Test
  void aTeamAcceptsIsApprovedReadsIsRevokedAndAsksAgainInTheBrowser() {
    Chromium.require();
    SessionProfile.requireRuntime();
    demo.load();

    WebDriver carol = Chromium.start();
    WebDriver dave = null;
    WebDriver sam = null;
    try {
      carol.get(url("/console/access"));
      signIn(carol, "carol");
      waitOn(carol).until(ExpectedConditions.presenceOfElementLocated(By.id("catalog")));
      assertThat(carol.findElement(By.id("teams")).getText()).contains("harbor", "carol (lead)");
      assertThat(accessOf(carol)).contains("harbor: pending");
      Chromium.screenshot(carol, "access-01-catalog-pending");
      Axe.assertNoSeriousViolations(carol, "access-01-catalog-pending");
      accept(carol);
      Chromium.screenshot(carol, "access-02-carol-accepted");
      Axe.assertNoSeriousViolations(carol, "access-02-carol-accepted");

      sam = Chromium.start();
      sam.get(url("/console/access"));
      signIn(sam, "sam");
      WebElement request = pendingOf(sam, "harbor");
      assertThat(request.findElement(By.className("acceptance")).getText())
          .contains("not yet accepted by dave");
      Chromium.screenshot(sam, "access-03-queue-waiting-for-dave");
      Axe.assertNoSeriousViolations(sam, "access-03-queue-waiting-for-dave");

      dave = Chromium.start();
      dave.get(url("/console/access"));
      signIn(dave, "dave");
      waitOn(dave).until(ExpectedConditions.presenceOfElementLocated(By.id("agreements")));
      accept(dave);

      sam.navigate().refresh();
      request = pendingOf(sam, "harbor");
      assertThat(request.findElement(By.className("acceptance")).getText())
          .contains("every member accepted");
      String until = LocalDate.now(ZoneOffset.UTC).plusDays(14).toString();
      WebElement expires = request.findElement(By.cssSelector("input[type=date]"));
      ((JavascriptExecutor) sam)
          .executeScript("arguments[0].value = arguments[1];", expires, until);
      request.findElement(By.cssSelector("button[name=approve]")).click();
      waitOn(sam)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "approved"));
      WebElement grant = grantOf(sam, "harbor");
      assertThat(grant.getText()).contains("clpsych-synthetic");
      Chromium.screenshot(sam, "access-04-approved");
      Axe.assertNoSeriousViolations(sam, "access-04-approved");

      carol.get(url("/console/access"));
      assertThat(accessOf(carol)).contains("harbor: granted");
      String session = openNotebook(carol);
      String read = runNotebook(carol, base, session, "read.ipynb", "python3", "python", READ);
      assertThat(read).containsPattern("python read \\d+ labels");
      Chromium.screenshot(carol, "access-05-read");

      sam.get(url("/console/access"));
      grant = grantOf(sam, "harbor");
      grant.findElement(By.cssSelector("input[name=reason]")).sendKeys("the workshop ended");
      grant.findElement(By.cssSelector("button[name=revoke]")).click();
      waitOn(sam)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "revoked"));
      Chromium.screenshot(sam, "access-06-revoked");
      Axe.assertNoSeriousViolations(sam, "access-06-revoked");

      // The revocation closes the team's sessions and their runs: the open notebook is refused,
      // and after a restart of the workspace the broker refuses the read itself.
      carol.get(url(session + "/tree"));
      waitOn(carol).until(d -> d.getPageSource().contains("stop and start the workspace"));
      assertThat(carol.getPageSource()).doesNotContain("notebook_list");
      Chromium.screenshot(carol, "access-07-session-closed");
      session = restartAndOpen(carol, session);
      String refused =
          runNotebook(carol, base, session, "read-again.ipynb", "python3", "python", READ);
      assertThat(refused).contains("AccessDenied").doesNotContainPattern("python read \\d+");
      Chromium.screenshot(carol, "access-08-read-refused");

      carol.get(url("/console/access"));
      assertThat(accessOf(carol)).contains("harbor: revoked", "the workshop ended");
      new Select(carol.findElement(By.id("team"))).selectByVisibleText("harbor");
      new Select(carol.findElement(By.id("version"))).selectByVisibleText("clpsych-synthetic v1");
      carol.findElement(By.id("purpose")).sendKeys("Shared task, second phase");
      carol.findElement(By.id("ethicsReference")).sendKeys("DEMO-IRB-HARBOR-2");
      WebElement days = carol.findElement(By.id("durationDays"));
      days.clear();
      days.sendKeys("30");
      carol.findElement(By.cssSelector("#request button[type=submit]")).click();
      waitOn(carol)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "sent"));
      assertThat(accessOf(carol)).contains("harbor: pending");
      Chromium.screenshot(carol, "access-09-asked-again");
      Axe.assertNoSeriousViolations(carol, "access-09-asked-again");
    } finally {
      for (WebDriver d : new WebDriver[] {carol, dave, sam}) {
        if (d != null) {
          d.quit();
        }
      }
    }
  }

  /**
   * The auditor finds the steward's approval in the audit log, proves it in the browser (the page
   * checks hashes and the checkpoint's signature with Web Crypto), and a proof the test changes
   * shows as failed.
   */
  @Test
  void anAuditorProvesTheApprovalInTheBrowserAndATamperedProofFails() {
    Chromium.require();
    demo.load();
    DemoBrowsers.approveLighthouse();

    WebDriver audrey = Chromium.start();
    try {
      audrey.get(url("/console/audit?action=access-request.approve"));
      signIn(audrey, "audrey");
      WebElement approval =
          waitOn(audrey)
              .until(
                  ExpectedConditions.presenceOfElementLocated(
                      By.xpath("//table[@id='events']//tr[td[text()='sam']]")));
      Chromium.screenshot(audrey, "proof-01-approval-found");
      Axe.assertNoSeriousViolations(audrey, "proof-01-approval-found");
      approval.findElement(By.cssSelector("a.prove")).click();

      // A checkpoint is signed every second: fetch again until one covers the entry.
      waitOn(audrey)
          .until(
              d -> {
                if (d.findElement(By.id("proof")).getAttribute("data-fetched") != null) {
                  return true;
                }
                d.findElement(By.id("fetch")).click();
                return false;
              });
      audrey.findElement(By.id("verify")).click();
      WebElement verdict = verdict(audrey, "verdict");
      assertThat(verdict.getText()).startsWith("Verified");
      assertThat(audrey.findElement(By.id("steps")).getText())
          .contains("Ed25519 signature over the newest checkpoint", "leads from the entry");
      assertThat(audrey.findElement(By.id("entry")).getText())
          .contains("access-request.approve", "sam");
      Chromium.screenshot(audrey, "proof-02-verified");
      Axe.assertNoSeriousViolations(audrey, "proof-02-verified");

      WebElement data = audrey.findElement(By.id("proof-data"));
      String proof = data.getAttribute("value");
      String tampered = tamper(proof);
      ((JavascriptExecutor) audrey)
          .executeScript("arguments[0].value = arguments[1];", data, tampered);
      audrey.findElement(By.id("verify")).click();
      verdict = verdict(audrey, "verdict");
      assertThat(verdict.getText()).startsWith("Failed");
      Chromium.screenshot(audrey, "proof-03-tampered-fails");

      // Another key of the same name, its base64 holding a '+': it parses and its id checks,
      // and only its signature is missing from the checkpoint.
      ((JavascriptExecutor) audrey)
          .executeScript("arguments[0].value = arguments[1];", data, proof);
      WebElement key = audrey.findElement(By.id("verifier-key"));
      String trusted = key.getAttribute("value");
      ((JavascriptExecutor) audrey)
          .executeScript(
              "arguments[0].value = arguments[1];",
              key,
              otherKeyWithAPlus(trusted.substring(0, trusted.indexOf('+'))));
      audrey.findElement(By.id("verify")).click();
      verdict = verdict(audrey, "verdict");
      assertThat(verdict.getText()).startsWith("Failed");
      assertThat(audrey.findElement(By.id("steps")).getText())
          .contains("\u2713 the verifier key has the form", "\u2713 its key id");
      ((JavascriptExecutor) audrey)
          .executeScript("arguments[0].value = arguments[1];", key, trusted);

      // The oldest checkpoint against the newest: the log was only appended to.
      audrey.findElement(By.id("fetch-older")).click();
      waitOn(audrey).until(d -> !d.findElement(By.id("older")).getAttribute("value").isBlank());
      audrey.findElement(By.id("check-consistency")).click();
      WebElement consistency = verdict(audrey, "consistency-verdict");
      assertThat(consistency.getText()).startsWith("Consistent");
      Chromium.screenshot(audrey, "proof-04-consistent");
      Axe.assertNoSeriousViolations(audrey, "proof-04-consistent");
      WebElement older = audrey.findElement(By.id("older"));
      String note = older.getAttribute("value");
      String[] lines = note.split("\n", 4);
      String forged = lines[0] + "\n" + lines[1] + "\n" + tamperHash(lines[2]) + "\n" + lines[3];
      ((JavascriptExecutor) audrey)
          .executeScript("arguments[0].value = arguments[1];", older, forged);
      audrey.findElement(By.id("check-consistency")).click();
      consistency = verdict(audrey, "consistency-verdict");
      assertThat(consistency.getText()).startsWith("Failed").contains("signature");
      Chromium.screenshot(audrey, "proof-05-forged-checkpoint-fails");
    } finally {
      audrey.quit();
    }
  }

  /**
   * olga creates a task with a hidden phase and uploads its gold with the page's form; alice
   * submits from a notebook of a lighthouse workspace; olga reveals the phase; alice sees her
   * team's rank.
   */
  @Test
  void anOrganizerRunsATaskATeamSubmitsAndSeesItsRankAfterTheReveal() throws Exception {
    Chromium.require();
    SessionProfile.requireRuntime();
    demo.load();
    DemoBrowsers.approveLighthouse();
    SyntheticClpsychCorpus corpus =
        SyntheticClpsychCorpus.generate(config.demo().seed(), config.demo().users());
    Path gold = Files.createTempFile("gold-", ".tsv");
    Files.write(
        gold,
        corpus.files().stream()
            .filter(f -> f.path().equals(SyntheticClpsychCorpus.GOLD_LABELS))
            .findFirst()
            .orElseThrow()
            .content());
    String task = "journey-" + UUID.randomUUID().toString().substring(0, 8);

    WebDriver olga = Chromium.start();
    WebDriver alice = null;
    String workspace = null;
    try {
      olga.get(url("/console/tasks"));
      signIn(olga, "olga");
      waitOn(olga).until(ExpectedConditions.presenceOfElementLocated(By.id("create")));
      Axe.assertNoSeriousViolations(olga, "task-01-task-list");
      olga.findElement(By.id("name")).sendKeys(task);
      olga.findElement(By.id("title")).sendKeys("Risk levels, browser journey");
      olga.findElement(By.id("description")).sendKeys("Predict each test user's risk level.");
      new Select(olga.findElement(By.id("version"))).selectByVisibleText("clpsych-synthetic v1");
      new Select(olga.findElement(By.id("countedSubmission"))).selectByValue("LATEST");
      olga.findElement(By.cssSelector("#create button[type=submit]")).click();
      waitOn(olga)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "created"));

      olga.findElement(By.id("phase-name")).sendKeys("evaluation");
      ((JavascriptExecutor) olga)
          .executeScript(
              "const local = d => { const p = n => String(n).padStart(2, '0');"
                  + " return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate())"
                  + " + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); };"
                  + "arguments[0].value = local(new Date(Date.now() - 5 * 60000));"
                  + "arguments[1].value = local(new Date(Date.now() + 86400000));",
              olga.findElement(By.id("startsAt")),
              olga.findElement(By.id("endsAt")));
      olga.findElement(By.id("dailyLimit")).sendKeys("3");
      new Select(olga.findElement(By.id("leaderboard"))).selectByValue("HIDDEN_UNTIL_REVEALED");
      olga.findElement(By.cssSelector("#add-phase button[type=submit]")).click();
      waitOn(olga)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "added"));
      assertThat(olga.findElement(By.id("phases")).getText()).contains("evaluation", "open now");

      olga.findElement(By.id("gold-file")).sendKeys(gold.toString());
      olga.findElement(By.id("gold-note")).sendKeys("test gold");
      olga.findElement(By.cssSelector("#gold-upload button[type=submit]")).click();
      waitOn(olga).until(ExpectedConditions.presenceOfElementLocated(By.id("gold")));
      assertThat(olga.findElement(By.id("gold")).getText()).contains("test gold", "by olga");
      Chromium.screenshot(olga, "task-02-phase-and-gold");
      Axe.assertNoSeriousViolations(olga, "task-02-phase-and-gold");

      alice = Chromium.start();
      alice.get(url("/console/workspaces"));
      signIn(alice, "alice");
      String session = openNotebook(alice, "lighthouse");
      workspace = session.split("/")[2];
      String submitted =
          runNotebook(alice, base, session, "submit.ipynb", "python3", "python", submit(task));
      assertThat(submitted).contains("accepted in phase evaluation", "score: withheld");
      Chromium.screenshot(alice, "task-03-submitted");

      alice.get(url("/console/tasks"));
      waitOn(alice).until(ExpectedConditions.presenceOfElementLocated(By.id("task-" + task)));
      alice.findElement(By.cssSelector("#task-" + task + " a")).click();
      waitOn(alice).until(ExpectedConditions.presenceOfElementLocated(By.id("phases")));
      assertThat(alice.findElement(By.id("phases")).getText())
          .contains("hidden until the organizers reveal it", "has used 1 of 3 submissions today");
      assertThat(alice.findElement(By.id("submission-list")).getText()).contains("withheld");
      Chromium.screenshot(alice, "task-04-hidden");
      Axe.assertNoSeriousViolations(alice, "task-04-hidden");

      olga.navigate().refresh();
      waitOn(olga)
          .until(ExpectedConditions.presenceOfElementLocated(By.id("reveal-evaluation")))
          .click();
      waitOn(olga)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "revealed"));
      assertThat(olga.findElement(By.id("leaderboard-evaluation")).getText())
          .contains("lighthouse");
      Chromium.screenshot(olga, "task-05-revealed");

      alice.navigate().refresh();
      WebElement board =
          waitOn(alice)
              .until(ExpectedConditions.presenceOfElementLocated(By.id("leaderboard-evaluation")));
      WebElement mine = board.findElement(By.cssSelector("tr.mine"));
      assertThat(mine.getText()).startsWith("1 ").contains("lighthouse (your team)");
      Chromium.screenshot(alice, "task-06-alice-sees-her-rank");
      Axe.assertNoSeriousViolations(alice, "task-06-alice-sees-her-rank");
    } finally {
      olga.quit();
      if (alice != null) {
        alice.quit();
      }
      if (workspace != null) {
        // A team runs two workspaces at most: leave the slot to the other journeys.
        io.restassured.RestAssured.given()
            .auth()
            .oauth2(DemoBrowsers.passwordGrant("alice"))
            .contentType(io.restassured.http.ContentType.JSON)
            .post("/api/v1/workspaces/" + workspace + "/terminate")
            .then()
            .statusCode(200);
      }
    }
  }

  /** A notebook cell: every test user at level b, written and sent with enclave submit. */
  private static String submit(String task) {
    return "import boto3, json, subprocess\\n"
        + "posts = boto3.client('s3').get_object(Bucket='"
        + BUCKET
        + "', Key='test/posts.jsonl')['Body'].read().decode().splitlines()\\n"
        + "users = sorted({json.loads(p)['user_id'] for p in posts if p.strip()})\\n"
        + "open('predictions.tsv', 'w').write('user_id\\\\tlabel\\\\tscore\\\\n'"
        + " + ''.join(u + '\\\\tb\\\\t1\\\\n' for u in users))\\n"
        + "r = subprocess.run(['enclave', 'submit', '"
        + task
        + "', 'predictions.tsv'], capture_output=True, text=True)\\n"
        + "print(r.stdout, r.stderr)";
  }

  /** A verifier key named {@code name} whose base64 part holds a '+'. */
  private static String otherKeyWithAPlus(String name) {
    java.security.SecureRandom random = new java.security.SecureRandom();
    while (true) {
      String key = NoteSigner.generate(name, random).verifier().verifierKey();
      if (key.split("\\+", 3)[2].contains("+")) {
        return key;
      }
    }
  }

  /**
   * The steward registers a dataset, makes a draft, uploads two files with the page's form (each
   * with its progress bar), publishes the version and the agreement, and opens the transparency
   * report: all in the browser.
   */
  @Test
  void aStewardPublishesADatasetWithTheUploadForm() throws Exception {
    Chromium.require();
    demo.load();
    Path dir = Files.createTempDirectory("upload-");
    Path posts = Files.writeString(dir.resolve("posts.jsonl"), "{\"post\":1}\n".repeat(20000));
    Path labels = Files.writeString(dir.resolve("labels.tsv"), "user\tlabel\nu1\ta\n");
    String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);

    WebDriver sam = Chromium.start();
    try {
      sam.get(url("/console/datasets"));
      signIn(sam, "sam");
      waitOn(sam).until(ExpectedConditions.presenceOfElementLocated(By.id("register")));
      Axe.assertNoSeriousViolations(sam, "the datasets page");
      sam.findElement(By.id("name")).sendKeys(name);
      sam.findElement(By.id("description")).sendKeys("Posts for the browser journey");
      sam.findElement(By.cssSelector("#register button[type=submit]")).click();
      waitOn(sam)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "registered"));
      sam.findElement(By.id("label")).sendKeys("v1");
      sam.findElement(By.cssSelector("#new-version button[type=submit]")).click();
      WebElement upload =
          waitOn(sam)
              .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.upload")));
      Axe.assertNoSeriousViolations(sam, "a dataset's page with a draft");
      upload
          .findElement(By.cssSelector("input[type=file]"))
          .sendKeys(posts.toString() + "\n" + labels.toString());
      upload.findElement(By.cssSelector("input[name=folder]")).sendKeys("train");
      upload.findElement(By.cssSelector("button[type=submit]")).click();
      WebElement files =
          waitOn(sam)
              .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.files")));
      assertThat(files.getText()).contains("train/posts.jsonl", "train/labels.tsv", "220000");
      Chromium.screenshot(sam, "dataset-01-uploaded");

      sam.findElement(By.cssSelector("form.publish button[name=publish]")).click();
      waitOn(sam)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "published"));
      sam.findElement(By.id("text")).sendKeys("Use the posts only inside the enclave.");
      sam.findElement(By.cssSelector("#new-agreement button[type=submit]")).click();
      waitOn(sam)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "agreement"));
      assertThat(sam.findElement(By.id("agreement")).getText()).contains("only inside the enclave");
      Chromium.screenshot(sam, "dataset-02-published");

      sam.findElement(By.linkText("Transparency report")).click();
      waitOn(sam).until(ExpectedConditions.presenceOfElementLocated(By.id("denied-total")));
      assertThat(sam.getTitle()).contains("Transparency report of " + name);
      Axe.assertNoSeriousViolations(sam, "the transparency report");
      Chromium.screenshot(sam, "dataset-03-transparency");
    } finally {
      sam.quit();
    }
  }

  /** The verdict a check of the proof page shows once it is done (passed or failed). */
  private static WebElement verdict(WebDriver d, String id) {
    return waitOn(d)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#" + id + ".notice, #" + id + ".error")));
  }

  /** A base64 hash with its first character changed. */
  private static String tamperHash(String hash) {
    return (hash.charAt(0) == 'A' ? "B" : "A") + hash.substring(1);
  }

  /** The proof data with one character of its entry changed (the approval's reason). */
  private static String tamper(String proof) {
    int at = proof.indexOf("\"entry\": \"");
    assertThat(at).as("the proof data has its entry: %s", proof).isNotNegative();
    int start = at + "\"entry\": \"".length() + 10;
    char c = proof.charAt(start);
    char other = c == 'A' ? 'B' : 'A';
    return proof.substring(0, start) + other + proof.substring(start + 1);
  }

  /** Opens the dataset's agreement from the access page, reads it and accepts it. */
  private static void accept(WebDriver d) {
    d.findElement(By.partialLinkText("clpsych-synthetic, version")).click();
    WebElement text =
        waitOn(d).until(ExpectedConditions.presenceOfElementLocated(By.id("agreement")));
    assertThat(text.getText()).contains("Do not copy posts out of the enclave");
    Axe.assertNoSeriousViolations(d, "the agreement page");
    d.findElement(By.cssSelector("#accept button[type=submit]")).click();
    waitOn(d)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "recorded"));
    assertThat(d.findElement(By.id("agreements")).getText())
        .contains("clpsych-synthetic, version 1: you accepted it");
  }

  /** The access cell of the demo dataset's version in the catalog. */
  private static String accessOf(WebDriver d) {
    return waitOn(d)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//table[@id='catalog']//tr[th[text()='clpsych-synthetic']]")))
        .getText();
  }

  private static WebElement pendingOf(WebDriver d, String team) {
    return waitOn(d)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//section[@class='pending'][h3[starts-with(text(), '" + team + " ')]]")));
  }

  private static WebElement grantOf(WebDriver d, String team) {
    return waitOn(d)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//table[@id='grants']//tr[th[text()='" + team + "']]")));
  }

  /** A harbor workspace's notebook; its path. */
  private String openNotebook(WebDriver d) {
    return openNotebook(d, "harbor");
  }

  /** Creates and starts a workspace of {@code team} in the console and opens its notebook. */
  private String openNotebook(WebDriver d, String team) {
    d.get(url("/console/workspaces"));
    Axe.assertNoSeriousViolations(d, "the workspaces page");
    String name = "access-" + UUID.randomUUID().toString().substring(0, 8);
    new Select(d.findElement(By.id("team"))).selectByVisibleText(team);
    d.findElement(By.id("name")).sendKeys(name);
    d.findElement(By.cssSelector("#create button[type=submit]")).click();
    waitOn(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
    WebElement row = d.findElement(By.cssSelector("tr[data-name='" + name + "']"));
    String id = row.getAttribute("id").substring("ws-".length());
    row.findElement(By.cssSelector("button[name=start]")).click();
    waitOn(d)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ws-" + id + " a.open")))
        .click();
    waitOn(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notebook_list")));
    return "/workspaces/" + id + "/session";
  }

  /** Stops and starts the workspace of a session in the console and opens its notebook again. */
  private String restartAndOpen(WebDriver d, String session) {
    String id = session.split("/")[2];
    d.get(url("/console/workspaces"));
    waitOn(d)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#ws-" + id + " button[name=stop]")))
        .click();
    waitOn(d)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#ws-" + id + " button[name=start]")))
        .click();
    waitOn(d)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ws-" + id + " a.open")))
        .click();
    waitOn(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notebook_list")));
    return session;
  }

  private String url(String path) {
    return base.resolve(path).toString();
  }
}
