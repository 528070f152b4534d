package org.enclave.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;
import org.enclave.api.ingest.service.IngestRunner;
import org.enclave.api.support.Api;
import org.enclave.infra.storage.ObjectStore;
import org.junit.jupiter.api.Test;

/**
 * A steward's ingest from raw file to published masked version, through the API and the real
 * named-entity worker: the policy, the quarantine, the job and its report, publish gating, bad
 * input, one job at a time, cancelling, and a resume after a stop.
 */
@QuarkusTest
class IngestFlowTest {
  private static final String STEWARD = "nadia";

  @Inject ObjectStore store;
  @Inject DatasetFileRepository files;
  @Inject IngestRunner runner;

  private static RequestSpecification steward() {
    return as(STEWARD, "steward");
  }

  /** A dataset with a masking policy, and a draft version: their paths. */
  private record Draft(String dataset, String version) {
    String path() {
      return "/api/v1/datasets/" + dataset + "/versions/" + version;
    }
  }

  private static Draft draft(Map<String, Object> policy) {
    String dataset =
        Api.id(
            steward()
                .body(Map.of("name", Api.unique("posts"), "description", "d", "sensitivityTier", 4))
                .post("/api/v1/datasets"));
    if (policy != null) {
      steward()
          .body(policy)
          .put("/api/v1/datasets/" + dataset + "/masking-policy")
          .then()
          .statusCode(200);
    }
    return new Draft(dataset, version(dataset, "v1"));
  }

  private static String version(String dataset, String label) {
    return Api.id(
        steward().body(Map.of("label", label)).post("/api/v1/datasets/" + dataset + "/versions"));
  }

  private static void raw(Draft d, String path, byte[] content) {
    steward()
        .contentType(ContentType.BINARY)
        .body(content)
        .put(d.path() + "/raw/" + path)
        .then()
        .statusCode(200);
  }

  private static final Map<String, Object> COLUMNS =
      Map.of(
          "user", "author_id",
          "post", "id",
          "timestamp", "created",
          "title", "title",
          "body", "body",
          "username", "author",
          "keep", List.of("subreddit"));

  private static String start(Draft d, String raw, String format) {
    return start(d, raw, format, COLUMNS);
  }

  private static String start(Draft d, String raw, String format, Map<String, Object> columns) {
    return Api.id(
        steward()
            .body(Map.of("raw", raw, "format", format, "output", "posts.jsonl", "columns", columns))
            .post(d.path() + "/ingests"));
  }

  private static JsonPath await(Draft d, String job) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      JsonPath j =
          steward().get(d.path() + "/ingests/" + job).then().statusCode(200).extract().jsonPath();
      String state = j.getString("state");
      if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
        return j;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the job did not end: " + j.prettify());
      }
      sleep(50);
    }
  }

  private String published(Draft d, String path) throws IOException {
    DatasetFileEntity f =
        QuarkusTransaction.requiringNew()
            .call(
                () -> files.findByPath(java.util.UUID.fromString(d.version()), path).orElseThrow());
    try (InputStream in = store.open(f.objectKey).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static final String POSTS =
      """
      {"id":"p1","author_id":"t2_aa1","author":"throwaway_jo","created":"2019-03-01T12:00:00Z","title":"Need to talk","body":"My sister Grace lives in Leeds. Mail me at jo.b@example.com or call 07700 900123.","subreddit":"SuicideWatch"}
      {"id":"p2","author_id":"t2_bb2","author":"night_owl","created":"2019-03-02T08:30:00Z","title":"","body":"u/throwaway_jo I hear you. See https://example.org/help for numbers.","subreddit":"depression"}
      {"id":"p3","author_id":"t2_aa1","author":"throwaway_jo","created":"2019-03-05","title":"thanks","body":"Thanks @night_owl, Grace came over last night.","subreddit":"SuicideWatch"}
      """;

  @Test
  void aStewardIngestsMasksReviewsAndPublishes() throws IOException {
    Draft d = draft(Map.of("alwaysMasked", Map.of("Grace", "person"), "dateShiftDays", 30));
    raw(d, "raw/posts.jsonl", POSTS.getBytes(StandardCharsets.UTF_8));
    // The policy takes files through ingest only.
    steward()
        .contentType(ContentType.BINARY)
        .body("{}\n".getBytes(StandardCharsets.UTF_8))
        .put(d.path() + "/files/posts.jsonl")
        .then()
        .statusCode(409)
        .body("detail", containsString("through ingest only"));

    String job = start(d, "raw/posts.jsonl", "jsonl");
    JsonPath done = await(d, job);
    assertThat(done.getString("state")).as(done.prettify()).isEqualTo("FINISHED");
    assertThat(done.getLong("rowsTotal")).isEqualTo(3);
    assertThat(done.getLong("rowsDone")).isEqualTo(3);

    JsonPath report =
        steward()
            .get(d.path() + "/ingests/" + job + "/report")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getLong("rows")).isEqualTo(3);
    assertThat(report.getMap("byType").keySet())
        .contains("PERSON", "EMAIL", "PHONE", "URL", "USERNAME");
    assertThat(report.getList("mostFrequent.text")).contains("grace");
    assertThat(report.getList("sample")).hasSize(3);
    assertThat(report.getString("policyHash")).isEqualTo(done.getString("policyHash"));

    // Not published before a steward accepted the report.
    steward()
        .post(d.path() + "/publish")
        .then()
        .statusCode(409)
        .body("detail", containsString("no steward has accepted"));
    steward().post(d.path() + "/ingests/" + job + "/accept").then().statusCode(200);
    steward()
        .post(d.path() + "/publish")
        .then()
        .statusCode(200)
        .body("state", equalTo("PUBLISHED"));

    String masked = published(d, "posts.jsonl");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : masked.split("\n")) {
      rows.add(new io.restassured.path.json.JsonPath(line).getMap(""));
    }
    assertThat(rows).hasSize(3);
    assertThat(masked)
        .doesNotContain("Grace", "jo.b@example.com", "07700", "example.org", "throwaway_jo")
        .doesNotContain("night_owl", "t2_aa1", "\"p1\"", "2019-03-01T12:00:00Z");
    String jo = (String) rows.get(0).get("user");
    assertThat(jo).matches("user_[a-z2-7]{12}");
    assertThat(rows.get(2).get("user")).isEqualTo(jo);
    // The mention of a user becomes that user's pseudonym.
    assertThat((String) rows.get(1).get("body")).startsWith("u/" + jo + " I hear you");
    assertThat((String) rows.get(2).get("body")).contains((String) rows.get(1).get("user"));
    assertThat((String) rows.get(0).get("body")).contains("[PERSON]", "[EMAIL]", "[PHONE]");
    assertThat(rows.get(0).get("subreddit")).isEqualTo("SuicideWatch");
    assertThat(rows.get(0)).doesNotContainKey("author");
    // One user's dates move by the same number of days.
    java.time.Instant t1 = java.time.Instant.parse((String) rows.get(0).get("timestamp"));
    java.time.LocalDate t3 = java.time.LocalDate.parse((String) rows.get(2).get("timestamp"));
    long shift1 = Duration.between(java.time.Instant.parse("2019-03-01T12:00:00Z"), t1).toDays();
    long shift3 =
        java.time.LocalDate.parse("2019-03-05").until(t3, java.time.temporal.ChronoUnit.DAYS);
    assertThat(shift1).isEqualTo(shift3).isNotZero().isBetween(-30L, 30L);

    // The raw file can go once published; its record and the report's counts stay.
    steward().delete(d.path() + "/raw/raw/posts.jsonl").then().statusCode(204);
    steward().get(d.path() + "/raw").then().statusCode(200).body("[0].deletedBy", equalTo(STEWARD));
    JsonPath after =
        steward()
            .get(d.path() + "/ingests/" + job + "/report")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(after.getBoolean("rawDeleted")).isTrue();
    assertThat(after.getList("sample.before.body", Object.class)).containsOnlyNulls();
  }

  @Test
  void badRowsAreReportedWithTheirRowAndNothingIsAdded() {
    Draft d = draft(Map.of());
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(
        ("{\"id\":\"a\",\"author_id\":\"u1\",\"author\":\"x1\",\"body\":\"fine\"}\n"
                + "{\"id\": \"b\", broken\n"
                + "{\"id\":\"c\",\"author_id\":\"u2\",\"author\":\"x2\"}\n"
                + "{\"id\":\"a\",\"author_id\":\"u3\",\"author\":\"x3\",\"body\":\"again\"}\n"
                + "[1,2]\n")
            .getBytes(StandardCharsets.UTF_8));
    raw.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xe9, '"', '}', '\n'});
    raw(d, "raw.jsonl", raw.toByteArray());
    String job =
        start(
            d,
            "raw.jsonl",
            "jsonl",
            Map.of("user", "author_id", "post", "id", "body", "body", "username", "author"));
    JsonPath done = await(d, job);
    assertThat(done.getString("state")).isEqualTo("FAILED");
    assertThat(done.getLong("rowsRejected")).as(done.prettify()).isEqualTo(5);
    assertThat(done.getString("failure")).contains("5 rows have problems");
    List<String> problems =
        steward()
            .get(d.path() + "/ingests/" + job + "/problems")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("message");
    assertThat(problems)
        .containsExactly(
            problems.get(0), problems.get(1), problems.get(2), problems.get(3), problems.get(4));
    assertThat(problems.get(0)).startsWith("row 2 is not valid JSON");
    assertThat(problems.get(1)).isEqualTo("row 3 has no body in column 'body'");
    assertThat(problems.get(2))
        .isEqualTo("row 4 repeats the post id of row 1; post ids must be unique");
    assertThat(problems.get(3)).startsWith("row 5 is not a JSON object");
    assertThat(problems.get(4)).startsWith("row 6 is not UTF-8");
    steward()
        .post(d.path() + "/ingests/" + job + "/accept")
        .then()
        .statusCode(409)
        .body("type", containsString("state-conflict"));
    steward().get(d.path() + "/files").then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void aMappingNamingAMissingColumnFailsTheJobAtRowZero() {
    Draft d = draft(Map.of());
    raw(d, "posts.csv", "id,author_id,text\n1,u1,hello\n".getBytes(StandardCharsets.UTF_8));
    String job = start(d, "posts.csv", "csv");
    JsonPath done = await(d, job);
    assertThat(done.getString("state")).isEqualTo("FAILED");
    steward()
        .get(d.path() + "/ingests/" + job + "/problems")
        .then()
        .statusCode(200)
        .body("[0].row", equalTo(0))
        .body(
            "[0].message",
            containsString("which the header does not have (it has: id, author_id, text)"));
  }

  @Test
  void csvWithQuotedLineBreaksIsMasked() throws IOException {
    Draft d = draft(null);
    raw(
        d,
        "posts.csv",
        ("id,author_id,author,created,title,body,subreddit\n"
                + "1,u1,sam_k,1551441600,\"Hi, all\",\"line one\nwrite to sam@example.com\",x\n")
            .getBytes(StandardCharsets.UTF_8));
    JsonPath done = await(d, start(d, "posts.csv", "csv"));
    assertThat(done.getString("state")).as(done.prettify()).isEqualTo("FINISHED");
    String masked = published(d, "posts.jsonl");
    assertThat(masked).contains("line one\\nwrite to [EMAIL]").contains("\"title\":\"Hi, all\"");
  }

  @Test
  void onlyItsStewardsSeeTheQuarantineAndPolicy() {
    Draft d = draft(Map.of());
    raw(d, "raw.jsonl", POSTS.getBytes(StandardCharsets.UTF_8));
    as("rita", "researcher").get(d.path() + "/raw").then().statusCode(403);
    as("oscar", "steward").get(d.path() + "/raw").then().statusCode(403);
    as("oscar", "steward")
        .get("/api/v1/datasets/" + d.dataset() + "/masking-policy")
        .then()
        .statusCode(403);
    as("ada", "admin").get(d.path() + "/raw").then().statusCode(403);
    // A raw file is no file of the version.
    steward().get(d.path() + "/files").then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void badRequestsAreRefusedClearly() {
    Draft d = draft(Map.of());
    steward()
        .body(
            Map.of("raw", "nope.jsonl", "format", "jsonl", "output", "o.jsonl", "columns", COLUMNS))
        .post(d.path() + "/ingests")
        .then()
        .statusCode(404)
        .body("detail", containsString("no raw file 'nope.jsonl'"));
    raw(d, "r.jsonl", POSTS.getBytes(StandardCharsets.UTF_8));
    steward()
        .body(Map.of("raw", "r.jsonl", "format", "xlsx", "output", "o.jsonl", "columns", COLUMNS))
        .post(d.path() + "/ingests")
        .then()
        .statusCode(400)
        .body("detail", containsString("use jsonl, csv or tsv"));
    steward()
        .body(
            Map.of("raw", "r.jsonl", "format", "jsonl", "output", "../o.jsonl", "columns", COLUMNS))
        .post(d.path() + "/ingests")
        .then()
        .statusCode(400);
    steward()
        .body(
            Map.of(
                "raw",
                "r.jsonl",
                "format",
                "jsonl",
                "output",
                "o.jsonl",
                "columns",
                Map.of("user", "a")))
        .post(d.path() + "/ingests")
        .then()
        .statusCode(400);
    steward()
        .body(Map.of("alwaysMasked", Map.of("Hope", "person"), "neverMasked", List.of("hope")))
        .put("/api/v1/datasets/" + d.dataset() + "/masking-policy")
        .then()
        .statusCode(400)
        .body("detail", containsString("both always and never masked"));
    steward()
        .body(Map.of("masked", List.of("NAMES")))
        .put("/api/v1/datasets/" + d.dataset() + "/masking-policy")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown entity type 'NAMES'"));
  }

  private static byte[] manyPosts(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("{\"id\":\"p")
          .append(i)
          .append("\",\"author_id\":\"u")
          .append(i % 40)
          .append("\",\"author\":\"poster")
          .append(i % 40)
          .append("\",\"created\":\"2019-01-01T00:00:00Z\",\"title\":\"day ")
          .append(i)
          .append("\",\"body\":\"I talked to Maria in Glasgow again, and poster")
          .append((i + 1) % 40)
          .append(
              " said to mail help@example.net. It has been a long week at work.\",\"subreddit\":\"x\"}\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oneJobAtATimeAndAJobCanBeCancelled() {
    Draft d = draft(Map.of());
    raw(d, "big.jsonl", manyPosts(4000));
    String first = start(d, "big.jsonl", "jsonl");
    steward()
        .body(
            Map.of("raw", "big.jsonl", "format", "jsonl", "output", "o.jsonl", "columns", COLUMNS))
        .post(d.path() + "/ingests")
        .then()
        .statusCode(409)
        .body("detail", containsString("already runs"));
    steward().post(d.path() + "/publish").then().statusCode(409);
    steward().post(d.path() + "/ingests/" + first + "/cancel").then().statusCode(200);
    JsonPath done = await(d, first);
    assertThat(done.getString("state")).isEqualTo("CANCELLED");
    assertThat(done.getString("cancelledBy")).isEqualTo(STEWARD);
    steward().get(d.path() + "/files").then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void aStoppedJobResumesAtItsCheckpointWithTheSameOutput() throws IOException {
    Draft d = draft(Map.of("dateShiftDays", 10));
    byte[] posts = manyPosts(1500);
    raw(d, "big.jsonl", posts);
    String job = start(d, "big.jsonl", "jsonl");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    JsonPath j;
    do {
      sleep(20);
      j = steward().get(d.path() + "/ingests/" + job).then().extract().jsonPath();
    } while (j.getLong("rowsDone") == 0 && System.nanoTime() < deadline);
    runner.suspendAll();
    sleep(500);
    JsonPath stopped = steward().get(d.path() + "/ingests/" + job).then().extract().jsonPath();
    assertThat(stopped.getString("state")).isEqualTo("RUNNING");
    assertThat(stopped.getLong("rowsDone")).isBetween(1L, 1499L);
    sleep(300);
    assertThat(
            steward()
                .get(d.path() + "/ingests/" + job)
                .then()
                .extract()
                .jsonPath()
                .getLong("rowsDone"))
        .as("nothing moves while stopped")
        .isEqualTo(stopped.getLong("rowsDone"));
    runner.resumeUnfinished();
    JsonPath done = await(d, job);
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    String resumed = published(d, "posts.jsonl");

    // The same file in another version of the dataset, uninterrupted: the same bytes, since
    // pseudonyms and date shifts are the dataset's, not the job's.
    Draft v2 = new Draft(d.dataset(), version(d.dataset(), "v2"));
    raw(v2, "big.jsonl", posts);
    assertThat(await(v2, start(v2, "big.jsonl", "jsonl")).getString("state")).isEqualTo("FINISHED");
    assertThat(published(v2, "posts.jsonl")).isEqualTo(resumed);
    assertThat(resumed.split("\n")).hasSize(1500);
    assertThat(resumed).doesNotContain("poster", "help@example.net");

    // Another dataset's pseudonyms for the same ids differ.
    Draft other = draft(Map.of("dateShiftDays", 10));
    raw(other, "big.jsonl", posts);
    assertThat(await(other, start(other, "big.jsonl", "jsonl")).getString("state"))
        .isEqualTo("FINISHED");
    String first = resumed.substring(0, resumed.indexOf('\n'));
    String firstOther = published(other, "posts.jsonl").split("\n")[0];
    assertThat(new JsonPath(first).getString("user"))
        .isNotEqualTo(new JsonPath(firstOther).getString("user"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
