package org.enclave.api.sharedtask.scoring.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.metrics.PrioritizationSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrioritizationReadersTest {

  private static final String GOLD =
      """
      kind\tuser_id\tpost_id\twords\tstop_probability
      post\tu2\tp1\t10\t0
      user\tu1\t2
      post\tu1\tp1\t12\t0.5
      post\tu1\tp2\t0\t1
      user\tu2\t0
      """;

  private final PrioritizationSuite suite = new PrioritizationSuite();
  private final PrioritizationGold gold =
      suite.readGold(Inputs.text(GOLD), ParseLimits.DEFAULT).value();

  @TempDir Path dir;

  /** The report of one pass; reading the same bytes from a file in parts must give the same. */
  private ValidationReport tsv(String text) throws IOException {
    ValidationReport report =
        suite.readSubmission(Inputs.text(text), FileFormat.TSV, gold, ParseLimits.DEFAULT).report();
    Path file = Files.writeString(dir.resolve("submission.tsv"), text);
    for (int parts = 2; parts < 6; parts++) {
      assertThat(PrioritizationTsvSubmission.read(file, gold, ParseLimits.DEFAULT, parts).report())
          .isEqualTo(report);
    }
    return report;
  }

  private ValidationReport json(String text) {
    return json(text, ParseLimits.DEFAULT);
  }

  private ValidationReport json(String text, ParseLimits limits) {
    return suite.readSubmission(Inputs.text(text), FileFormat.JSON, gold, limits).report();
  }

  private static Problem only(ValidationReport report, ProblemCode code) {
    assertThat(report.problems()).extracting(Problem::code).containsExactly(code);
    return report.problems().get(0);
  }

  @Test
  void goldGroupsPostsByUserInIdOrderWhateverTheRowOrder() {
    assertThat(gold.userCount()).isEqualTo(2);
    int u1 = gold.users().find("u1");
    int u2 = gold.users().find("u2");
    assertThat(gold.grade()[u1]).isEqualTo(2);
    assertThat(gold.grade()[u2]).isZero();
    assertThat(gold.userPostStart()[u1 + 1] - gold.userPostStart()[u1]).isEqualTo(2);
    byte[] p2 = "p2".getBytes(StandardCharsets.UTF_8);
    int post = gold.findPost(u1, p2, 0, 2);
    assertThat(gold.postId(post)).isEqualTo("p2");
    assertThat(gold.words().get(post)).isZero();
    assertThat(gold.stop().get(post)).isEqualTo(1.0);
    assertThat(gold.findPost(u2, p2, 0, 2)).isEqualTo(-1);
    assertThat(gold.usersById()).containsExactly(u1, u2);
  }

  @Test
  void goldRejectsOutOfRangeValuesDuplicatesAndOrphanPosts() {
    ValidationReport r =
        suite
            .readGold(
                Inputs.text(
                    """
                    user\tu1\t-1
                    user\tu2\t1
                    user\tu2\t1
                    post\tu2\tp\t1.5\t0
                    post\tu2\tp\t3\t1.2
                    post\tu2\tp\t3\tNaN
                    post\tu2\tq\t3
                    comment\tu2
                    """),
                ParseLimits.DEFAULT)
            .report();
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(
            ProblemCode.WRONG_COLUMN_COUNT,
            ProblemCode.UNKNOWN_ROW_KIND,
            ProblemCode.INVALID_GOLD_VALUE,
            ProblemCode.DUPLICATE_ID);
    assertThat(r.problem(ProblemCode.INVALID_GOLD_VALUE).orElseThrow().occurrences())
        .extracting(Problem.Occurrence::value)
        .containsExactly("-1", "1.5", "1.2", "NaN");

    ValidationReport orphans =
        suite
            .readGold(Inputs.text("post\tu9\tp\t3\t0.5\nuser\tu1\t1\n"), ParseLimits.DEFAULT)
            .report();
    assertThat(only(orphans, ProblemCode.POST_WITHOUT_USER).occurrences().get(0).userId())
        .isEqualTo("u9");

    ValidationReport dup =
        suite
            .readGold(
                Inputs.text("user\tu1\t1\npost\tu1\tp\t3\t0\npost\tu1\tp\t4\t0\n"),
                ParseLimits.DEFAULT)
            .report();
    assertThat(only(dup, ProblemCode.DUPLICATE_POST).occurrences().get(0).postId()).isEqualTo("p");

    only(
        suite
            .readGold(Inputs.text("kind\tuser_id\tgrade\nuser\tu1\t1\n"), ParseLimits.DEFAULT)
            .report(),
        ProblemCode.BAD_HEADER);
  }

  @Test
  void tsvSubmissionAcceptedInAnyRowOrderWithAHeader() {
    ParseResult<PrioritizationSubmission> r =
        suite.readSubmission(
            Inputs.text(
                "kind\tuser_id\tpost_id\tscore\npost\tu1\tp2\t3\nuser\tu2\t0.1\npost\tu2\tp1\t1\nuser\tu1\t0.9\npost\tu1\tp1\t-2\n"),
            FileFormat.TSV,
            gold,
            ParseLimits.DEFAULT);
    assertThat(r.report().problems()).isEmpty();
    assertThat(r.value().userScores()[gold.users().find("u1")]).isEqualTo(0.9);
  }

  @Test
  void tsvSubmissionReportsUnknownDuplicateAndMissingUsersAndPosts() throws IOException {
    ValidationReport r =
        tsv(
            """
            user\tu1\t0.9
            user\tu1\t0.8
            user\tu3\t0.5
            post\tu1\tp1\t1
            post\tu1\tp1\t1
            post\tu1\tp9\t1
            post\tu3\tp1\t1
            post\tu2\tp1\tinf
            post\tu2\tp1
            """);
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(
            ProblemCode.WRONG_COLUMN_COUNT,
            ProblemCode.NON_FINITE_SCORE,
            ProblemCode.DUPLICATE_ID,
            ProblemCode.UNKNOWN_ID,
            ProblemCode.MISSING_ID,
            ProblemCode.DUPLICATE_POST,
            ProblemCode.UNKNOWN_POST,
            ProblemCode.MISSING_POST);
    assertThat(r.problem(ProblemCode.UNKNOWN_ID).orElseThrow().count()).isEqualTo(2);
    assertThat(r.problem(ProblemCode.MISSING_ID).orElseThrow().occurrences().get(0).userId())
        .isEqualTo("u2");
    Problem.Occurrence missing =
        r.problem(ProblemCode.MISSING_POST).orElseThrow().occurrences().get(0);
    assertThat(missing.userId()).isEqualTo("u1");
    assertThat(missing.postId()).isEqualTo("p2");
    assertThat(r.problem(ProblemCode.UNKNOWN_POST).orElseThrow().occurrences().get(0).line())
        .isEqualTo(6);
  }

  @Test
  void tsvSubmissionRejectsUnknownKindsAndBadHeaders() throws IOException {
    ValidationReport r = tsv("kind\tuser\tpost\tscore\nusers\tu1\t1\n");
    assertThat(r.problems())
        .extracting(Problem::code)
        .contains(ProblemCode.BAD_HEADER, ProblemCode.UNKNOWN_ROW_KIND);
    only(tsv(""), ProblemCode.EMPTY_FILE);
  }

  @Test
  void jsonSubmissionAccepted() {
    ParseResult<PrioritizationSubmission> r =
        suite.readSubmission(
            Inputs.text(
                """
                {"users": [
                  {"user_id": "u2", "score": 1e-3, "posts": [{"post_id": "p1", "score": 0}]},
                  {"user_id": "u1", "score": 7, "posts": [
                    {"score": 2, "post_id": "p2"}, {"post_id": "p1", "score": -1.5}]}
                ]}
                """),
            FileFormat.JSON,
            gold,
            ParseLimits.DEFAULT);
    assertThat(r.report().problems()).isEmpty();
    int u1 = gold.users().find("u1");
    assertThat(r.value().userScores()[u1]).isEqualTo(7.0);
    byte[] p1 = "p1".getBytes(StandardCharsets.UTF_8);
    assertThat(r.value().postScores().get(gold.findPost(u1, p1, 0, 2))).isEqualTo(-1.5);
  }

  @Test
  void jsonSyntaxErrorsAreReportedWithTheirLine() {
    Problem p = only(json("{\"users\": [\n{\"user_id\": \"u1\",, }\n]}"), ProblemCode.INVALID_JSON);
    assertThat(p.occurrences().get(0).line()).isEqualTo(2);
    assertThat(p.detail()).startsWith("the file is not valid JSON");
  }

  @Test
  void jsonOfAnotherShapeIsRejected() {
    assertThat(only(json("[]"), ProblemCode.INVALID_JSON).detail()).contains("must be an object");
    assertThat(only(json("{\"user\": []}"), ProblemCode.INVALID_JSON).detail())
        .contains("unexpected key \"user\"");
    assertThat(only(json("{}"), ProblemCode.INVALID_JSON).detail()).contains("no \"users\"");
    assertThat(
            only(
                    json("{\"users\": [{\"score\": 1, \"user_id\": \"u1\", \"posts\": []}]}"),
                    ProblemCode.INVALID_JSON)
                .detail())
        .contains("must be the first key");
    assertThat(
            only(
                    json("{\"users\": [{\"user_id\": \"u1\", \"posts\": []}]}"),
                    ProblemCode.INVALID_JSON)
                .detail())
        .contains("needs");
    assertThat(
            only(
                    json("{\"users\": [{\"user_id\": 5, \"score\": 1, \"posts\": []}]}"),
                    ProblemCode.INVALID_JSON)
                .detail())
        .contains("must be a string");
    assertThat(only(json("{\"users\": []} {}"), ProblemCode.INVALID_JSON).detail())
        .contains("after the end");
  }

  @Test
  void jsonReportsScoreIdAndCoverageProblemsAllAtOnce() {
    ValidationReport r =
        json(
            """
            {"users": [
              {"user_id": "u1", "score": NaN, "posts": [
                {"post_id": "p1", "score": "high"}, {"post_id": "p1", "score": 1},
                {"post_id": "nope", "score": 1}, {"post_id": "p 2", "score": 1}]},
              {"user_id": "u9", "score": 1, "posts": []},
              {"user_id": "u1", "score": 2, "posts": []}
            ]}
            """);
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(
            ProblemCode.INVALID_ID,
            ProblemCode.INVALID_SCORE,
            ProblemCode.NON_FINITE_SCORE,
            ProblemCode.DUPLICATE_ID,
            ProblemCode.UNKNOWN_ID,
            ProblemCode.MISSING_ID,
            ProblemCode.DUPLICATE_POST,
            ProblemCode.UNKNOWN_POST,
            ProblemCode.MISSING_POST);
    assertThat(r.problem(ProblemCode.NON_FINITE_SCORE).orElseThrow().occurrences().get(0).line())
        .isEqualTo(2);
    assertThat(r.problem(ProblemCode.INVALID_SCORE).orElseThrow().occurrences().get(0).value())
        .isEqualTo("high");
  }

  @Test
  void jsonEncodingAndLimits() {
    byte[] utf16 = "{\"users\": []}".getBytes(StandardCharsets.UTF_16);
    only(
        suite
            .readSubmission(
                new ByteArrayInputStream(utf16), FileFormat.JSON, gold, ParseLimits.DEFAULT)
            .report(),
        ProblemCode.NOT_UTF8);
    byte[] utf16le = "{\"users\": []}".getBytes(StandardCharsets.UTF_16LE);
    only(
        suite
            .readSubmission(
                new ByteArrayInputStream(utf16le), FileFormat.JSON, gold, ParseLimits.DEFAULT)
            .report(),
        ProblemCode.BINARY_CONTENT);
    only(json(""), ProblemCode.EMPTY_FILE);
    only(json("{\"users\": []}"), ProblemCode.EMPTY_FILE);
    String full =
        "{\"users\": [{\"user_id\": \"u1\", \"score\": 1, \"posts\": [{\"post_id\": \"p1\", \"score\": 1}, {\"post_id\": \"p2\", \"score\": 1}]},"
            + " {\"user_id\": \"u2\", \"score\": 1, \"posts\": [{\"post_id\": \"p1\", \"score\": 1}]}]}";
    assertThat(json(full).problems()).isEmpty();
    only(json(full, new ParseLimits(40, 100, 10)), ProblemCode.TOO_MANY_BYTES);
    only(json(full, new ParseLimits(1 << 20, 3, 10)), ProblemCode.TOO_MANY_ROWS);
  }
}
