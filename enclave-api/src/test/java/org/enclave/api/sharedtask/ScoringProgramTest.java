package org.enclave.api.sharedtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks scored by their organizers' own program, end to end with real sandboxes: a Python script
 * and a jar score submissions sent through a workspace's endpoint; a program's rejection refuses
 * the file without counting it; crashes, time-outs and memory exhaustion are failed scores whose
 * output only organizers read; a new program version re-scores in a new run; the sandbox has no
 * network and the gold is read-only inside it.
 */
@QuarkusTest
class ScoringProgramTest {
  private static final String ORGANIZER = TaskScene.ORGANIZER;

  /**
   * Scores accuracy; rejects a file that misses users; "crash" as the first label makes it print
   * the gold and fail, "sleep" makes it sleep, "hog" makes it allocate memory. It also reports
   * whether it could reach the test's host listener and write the gold (both must be 0).
   */
  static final String SCRIPT =
      """
      import json, os, socket, sys, time
      gold_path, sub_path, out = sys.argv[1:4]
      assert os.environ["ENCLAVE_GOLD"] == gold_path and os.environ["ENCLAVE_OUTPUT"] == out
      gold = dict(l.rstrip("\\n").split("\\t")[:2] for l in open(gold_path, encoding="utf-8").readlines()[1:])
      rows = [l.rstrip("\\n").split("\\t") for l in open(sub_path, encoding="utf-8").readlines()[1:]]
      pred = {r[0]: r[1] for r in rows}
      first = rows[0][1] if rows else ""
      if first == "crash":
          print("GOLD", sorted(gold.items())[:3], file=sys.stderr)
          raise SystemExit(1)
      if first == "sleep":
          time.sleep(600)
      if first == "hog":
          hog = [b"x" * (32 * 1024 * 1024) for _ in range(64)]
      def answer(doc):
          with open(os.path.join(out, "scores.json"), "w") as f:
              json.dump(doc, f)
      missing = sorted(set(gold) - set(pred))
      if missing:
          answer({"rejected": [{"code": "missing-id", "detail": "users the submission does not cover",
                                "count": len(missing), "occurrences": [{"userId": u} for u in missing[:5]]}]})
          raise SystemExit(0)
      try:
          socket.create_connection(("127.0.0.1", int(os.environ.get("PORT", "%d"))), timeout=2).close()
          network = 1
      except OSError:
          network = 0
      try:
          open(gold_path, "a").write("x")
          writable = 1
      except OSError:
          writable = 0
      accuracy = sum(pred.get(u) == g for u, g in gold.items()) / len(gold)
      answer({"scores": {"accuracy": accuracy, "network": network, "gold_writable": writable}})
      """;

  @Inject BrokerEndpoints endpoints;

  private ServerSocket hostListener;

  @BeforeEach
  void listen() throws IOException {
    hostListener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    hostListener.setSoTimeout(200);
  }

  @AfterEach
  void close() throws IOException {
    hostListener.close();
  }

  private TaskScene programTask() {
    return new TaskScene()
        .task(
            Map.of(
                "suite", "program", "primaryMetric", "accuracy", "direction", "HIGHER_IS_BETTER"));
  }

  private String script() {
    return SCRIPT.formatted(hostListener.getLocalPort());
  }

  static Response upload(TaskScene scene, String query, byte[] program) {
    return as(ORGANIZER, "organizer")
        .contentType(ContentType.BINARY)
        .body(program)
        .put("/api/v1/tasks/" + scene.taskId + "/scoring-program?" + query);
  }

  private static JsonPath submissionAsOrganizer(TaskScene scene, String id) {
    return as(ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId + "/submissions/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** A submission of every user whose first label is {@code first}, the rest right. */
  private static byte[] withFirstLabel(String first) {
    String all =
        new String(TaskScene.submission(TaskScene.USERS, TaskScene.USERS), StandardCharsets.UTF_8);
    return all.replaceFirst("u01\\ta", "u01\t" + first).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPythonProgramScoresRejectsAndRanksInsideTheBoundary() throws Exception {
    TaskScene scene = programTask().openPhase(null, 5, "VISIBLE");
    scene
        .uploadGold(TaskScene.gold(TaskScene.USERS))
        .then()
        .statusCode(200)
        .body("run", org.hamcrest.Matchers.nullValue());
    ChannelClient ws = scene.workspace(endpoints);
    byte[] perfect = TaskScene.submission(TaskScene.USERS, TaskScene.USERS);

    ChannelClient.Answer early = ws.submit(scene.taskName, "tsv", "run0.tsv", perfect);
    assertThat(early.status()).as(early.body()).isEqualTo(409);
    assertThat(early.json().getString("code")).isEqualTo("scoring-program-missing");

    upload(
            scene,
            "kind=python&name=score.py&timeLimitSeconds=20",
            script().getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(200)
        .body("program.version", equalTo(1))
        .body("program.kind", equalTo("python"))
        .body("run.run", equalTo(1))
        .body("run.programVersion", equalTo(1));
    long head = AuditTrail.head();

    ChannelClient.Answer scored = ws.submit(scene.taskName, "tsv", "run1.tsv", perfect);

    assertThat(scored.status()).as(scored.body()).isEqualTo(201);
    assertThat(scored.json().getString("score.status")).isEqualTo("SCORED");
    assertThat(scored.json().getDouble("score.primaryValue")).isEqualTo(1.0);
    assertThat(scored.json().getList("score.metrics.name"))
        .containsExactly("accuracy", "network", "gold_writable");
    assertThat(scored.json().getDouble("score.metrics.find { it.name == 'network' }.value"))
        .as("the program reached the host's listener")
        .isEqualTo(0.0);
    assertThat(scored.json().getDouble("score.metrics.find { it.name == 'gold_writable' }.value"))
        .as("the program could write the gold")
        .isEqualTo(0.0);
    assertThat(accepted(hostListener)).as("a connection from the sandbox").isFalse();
    assertThat(
            AuditTrail.after(
                head, Map.of("teamId", scene.teamId, "action", "task.submission.score")))
        .singleElement()
        .satisfies(e -> assertThat(e.get("reason").toString()).contains("accuracy = 1.0"));

    byte[] partial =
        "user_id\tlabel\tscore\nu01\ta\t0.1\nu02\tb\t0.2\n".getBytes(StandardCharsets.UTF_8);
    ChannelClient.Answer rejected = ws.submit(scene.taskName, "tsv", "partial.tsv", partial);
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
    assertThat(rejected.json().getString("code")).isEqualTo("submission-rejected");
    assertThat(rejected.json().getInt("problems[0].count")).isEqualTo(TaskScene.USERS - 2);
    assertThat(rejected.json().getList("problems[0].occurrences.userId"))
        .containsExactly("u03", "u04", "u05", "u06", "u07");

    ChannelClient.Answer half =
        ws.submit(scene.taskName, "tsv", "run2.tsv", TaskScene.submission(TaskScene.USERS, 6));
    assertThat(half.status()).as(half.body()).isEqualTo(201);
    assertThat(half.json().getDouble("score.primaryValue")).isEqualTo(0.5);
    assertThat(half.json().getInt("quota.usedInPhase"))
        .as("the rejected file is not counted")
        .isEqualTo(2);

    as(scene.lead, "researcher")
        .get("/api/v1/tasks/" + scene.taskId + "/phases/" + scene.phaseId + "/leaderboard")
        .then()
        .statusCode(200)
        .body("entries[0].rank", equalTo(1))
        .body("entries[0].teamId", equalTo(scene.teamId))
        .body("entries[0].score", equalTo(0.5f));
  }

  private static boolean accepted(ServerSocket listener) throws IOException {
    try {
      listener.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void failuresAreFailedScoresWhoseOutputOnlyOrganizersRead() {
    TaskScene scene = programTask().openPhase(null, 10, "VISIBLE").gold();
    upload(
            scene,
            "kind=python&timeLimitSeconds=2&memoryMiB=128",
            script().getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(200);
    ChannelClient ws = scene.workspace(endpoints);

    ChannelClient.Answer crash =
        ws.submit(scene.taskName, "tsv", "crash.tsv", withFirstLabel("crash"));
    assertThat(crash.status()).as(crash.body()).isEqualTo(201);
    assertThat(crash.json().getString("score.status")).isEqualTo("FAILED");
    assertThat(crash.json().getString("score.detail")).contains("exited with status 1");
    assertThat(crash.body()).doesNotContain("GOLD").doesNotContain("programLog");
    JsonPath organizer = submissionAsOrganizer(scene, crash.json().getString("id"));
    assertThat(organizer.getString("score.programLog")).contains("GOLD").contains("('u01', 'a')");

    long started = System.nanoTime();
    ChannelClient.Answer sleep =
        ws.submit(scene.taskName, "tsv", "sleep.tsv", withFirstLabel("sleep"));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(sleep.status()).as(sleep.body()).isEqualTo(201);
    assertThat(sleep.json().getString("score.detail"))
        .contains("did not finish within its time limit of 2 s");
    assertThat(seconds).as("ended at its limit").isLessThan(15);

    ChannelClient.Answer hog = ws.submit(scene.taskName, "tsv", "hog.tsv", withFirstLabel("hog"));
    assertThat(hog.status()).as(hog.body()).isEqualTo(201);
    assertThat(hog.json().getString("score.detail"))
        .contains("ran out of memory (its limit is 128 MiB)");
  }

  @Test
  void aNewProgramVersionRescoresInANewRunAndKeepsTheEarlierOne() {
    TaskScene scene = programTask().openPhase(null, 10, "VISIBLE").gold();
    upload(scene, "kind=python", script().getBytes(StandardCharsets.UTF_8)).then().statusCode(200);
    ChannelClient ws = scene.workspace(endpoints);
    ChannelClient.Answer first =
        ws.submit(scene.taskName, "tsv", "run.tsv", TaskScene.submission(TaskScene.USERS, 6));
    assertThat(first.json().getDouble("score.primaryValue")).isEqualTo(0.5);

    String fixed =
        "import json, sys\njson.dump({'scores': {'accuracy': 0.25}}, open(sys.argv[3] + '/scores.json', 'w'))\n";
    upload(scene, "kind=python&name=fixed.py&note=fixed", fixed.getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(200)
        .body("program.version", equalTo(2))
        .body("program.note", equalTo("fixed"))
        .body("run.run", equalTo(2))
        .body("run.programVersion", equalTo(2))
        .body("run.scored", equalTo(1));

    JsonPath s = submissionAsOrganizer(scene, first.json().getString("id"));
    assertThat(s.getDouble("score.primaryValue")).isEqualTo(0.25);
    assertThat(s.getList("history.run")).containsExactlyInAnyOrder(1, 2);
    assertThat(s.getDouble("history.find { it.run == 1 }.primaryValue")).isEqualTo(0.5);
    as(ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId + "/scoring-program")
        .then()
        .statusCode(200)
        .body("version", equalTo(List.of(1, 2)))
        .body("fileName", equalTo(List.of("score.py", "fixed.py")));
  }

  @Test
  void answersEnclaveCannotReadAreFailuresExplainedToOrganizers() {
    TaskScene scene = programTask().openPhase(null, 10, "VISIBLE").gold();
    upload(scene, "kind=python&name=silent.py", "import sys\n".getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(200);
    ChannelClient.Answer a =
        scene
            .workspace(endpoints)
            .submit(scene.taskName, "tsv", "run.tsv", TaskScene.submission(TaskScene.USERS, 6));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().getString("score.status")).isEqualTo("FAILED");
    assertThat(a.json().getString("score.detail"))
        .contains("exited without writing /output/scores.json");

    String wrongMetric =
        "import json, sys\njson.dump({'scores': {'f1': 0.5}}, open(sys.argv[3] + '/scores.json', 'w'))\n";
    upload(scene, "kind=python&name=wrong.py", wrongMetric.getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(200)
        .body("run.run", equalTo(2))
        .body("run.failed", equalTo(1));
    JsonPath s = submissionAsOrganizer(scene, a.json().getString("id"));
    assertThat(s.getString("score.detail")).contains("answered in a way Enclave cannot read");
    assertThat(s.getString("score.programLog"))
        .contains("lacks the task's primary metric accuracy");
    as(scene.lead, "researcher")
        .get("/api/v1/tasks/" + scene.taskId + "/submissions/" + a.json().getString("id"))
        .then()
        .statusCode(200)
        .body("score.status", equalTo("FAILED"))
        .body("score.programLog", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void aJarProgramRunsOnTheControlPlanesJdk(@TempDir Path dir) throws Exception {
    TaskScene scene = programTask().openPhase(null, 10, "VISIBLE").gold();
    upload(scene, "kind=jar&name=scorer.jar&memoryMiB=256", scorerJar(dir))
        .then()
        .log()
        .ifValidationFails()
        .statusCode(200);

    ChannelClient.Answer a =
        scene
            .workspace(endpoints)
            .submit(scene.taskName, "json", "run.json", TaskScene.submission(TaskScene.USERS, 3));

    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().getString("score.status")).as(a.body()).isEqualTo("SCORED");
    assertThat(a.json().getDouble("score.primaryValue")).isEqualTo(0.25);
    assertThat(a.json().getDouble("score.metrics.find { it.name == 'gold_lines' }.value"))
        .isEqualTo(TaskScene.USERS + 1.0);
    assertThat(a.json().getDouble("score.metrics.find { it.name == 'json' }.value")).isEqualTo(1.0);
  }

  /**
   * A jar whose main class counts the gold's lines, checks it was told the submission is JSON and
   * reports accuracy as 3 of 12.
   */
  static byte[] scorerJar(Path dir) throws IOException {
    Path source = dir.resolve("Score.java");
    Files.writeString(
        source,
        """
        import java.nio.file.*;
        public class Score {
          public static void main(String[] args) throws Exception {
            long lines = Files.readAllLines(Path.of(args[0])).size();
            boolean json = System.getenv("ENCLAVE_SUBMISSION_FORMAT").equals("json")
                && args[1].endsWith(".json");
            Files.writeString(Path.of(args[2], "scores.json"),
                "{\\"scores\\": {\\"accuracy\\": 0.25, \\"gold_lines\\": " + lines
                    + ", \\"json\\": " + (json ? 1 : 0) + "}}");
          }
        }
        """);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Score");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(out, m)) {
      jar.putNextEntry(new ZipEntry("Score.class"));
      jar.write(Files.readAllBytes(dir.resolve("Score.class")));
      jar.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  void badUploadsAreRefusedAndStoreNothing(@TempDir Path dir) throws Exception {
    TaskScene scene = programTask().gold();
    byte[] script = script().getBytes(StandardCharsets.UTF_8);
    Map<String, String> refusals =
        Map.of(
            "name=score.py", "kind: must be 'python'",
            "kind=perl", "kind: must be 'python'",
            "kind=python&name=score.txt", "ends in .py",
            "kind=python&name=../score.py", "name must be 1-100",
            "kind=python&timeLimitSeconds=0", "timeLimitSeconds: must be a whole number from 1 to",
            "kind=python&timeLimitSeconds=ten", "timeLimitSeconds: must be a whole number",
            "kind=python&memoryMiB=1000000", "memoryMiB: must be a whole number from 64 to",
            "kind=jar&name=score.py", "ends in .jar");
    for (Map.Entry<String, String> r : refusals.entrySet()) {
      upload(scene, r.getKey(), script)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("validation-failed"))
          .body("detail", org.hamcrest.Matchers.containsString(r.getValue()));
    }
    upload(scene, "kind=python", new byte[0])
        .then()
        .statusCode(422)
        .body("code", equalTo("scoring-program-rejected"))
        .body("detail", org.hamcrest.Matchers.containsString("the script is empty"));
    upload(scene, "kind=jar&name=scorer.jar", script)
        .then()
        .statusCode(422)
        .body("code", equalTo("scoring-program-rejected"))
        .body("detail", org.hamcrest.Matchers.containsString("not a jar"));
    as(ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId + "/scoring-program")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    as(ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId)
        .then()
        .statusCode(200)
        .body("programUploaded", equalTo(false))
        .body("currentRun", equalTo(0));
    as(scene.lead, "researcher")
        .contentType(ContentType.BINARY)
        .body(script)
        .put("/api/v1/tasks/" + scene.taskId + "/scoring-program?kind=python")
        .then()
        .statusCode(403);

    TaskScene builtIn = new TaskScene().task();
    upload(builtIn, "kind=python", script)
        .then()
        .statusCode(409)
        .body("code", equalTo("state-conflict"))
        .body("detail", org.hamcrest.Matchers.containsString("built-in suite clpsych2019"));
  }

  @Test
  void aProgramTaskNamesItsMetricAndDirectionAndTakesAnyNonEmptyGold() {
    TaskScene scene = new TaskScene();
    for (Map<String, Object> body :
        List.<Map<String, Object>>of(
            Map.of("suite", "program", "direction", "HIGHER_IS_BETTER"),
            Map.of(
                "suite", "program", "primaryMetric", "macro f1", "direction", "HIGHER_IS_BETTER"),
            Map.of("suite", "program", "primaryMetric", "accuracy"))) {
      Map<String, Object> req = new java.util.HashMap<>(body);
      req.put("name", org.enclave.api.support.Api.unique("task"));
      req.put("title", "t");
      req.put("description", "d");
      req.put("datasetId", scene.datasetId);
      req.put("versionId", scene.versionId);
      req.put("tieRule", "EARLIER_FIRST");
      req.put("countedSubmission", "LATEST");
      as(ORGANIZER, "organizer")
          .body(req)
          .post("/api/v1/tasks")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("validation-failed"));
    }
    scene.task(Map.of("suite", "program", "primaryMetric", "rmse", "direction", "LOWER_IS_BETTER"));
    scene.uploadGold("").then().statusCode(422).body("code", equalTo("gold-rejected"));
    scene
        .uploadGold("anything the program reads\n")
        .then()
        .statusCode(200)
        .body("gold.itemCount", org.hamcrest.Matchers.nullValue())
        .body("run", org.hamcrest.Matchers.nullValue());
    as(ORGANIZER, "organizer")
        .get("/api/v1/tasks/" + scene.taskId)
        .then()
        .statusCode(200)
        .body("suite", equalTo("program"))
        .body("direction", equalTo("LOWER_IS_BETTER"))
        .body("submissionFormats", equalTo(List.of("json", "tsv")))
        .body("programUploaded", equalTo(false));
  }
}
