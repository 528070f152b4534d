package org.enclave.api.sharedtask.scoring.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2019Suite;
import org.enclave.api.sharedtask.scoring.metrics.Clpsych2021Suite;
import org.junit.jupiter.api.Test;

class ClassificationTsvTest {

  private static final String GOLD = "u1\t1\nu2\t0\nu3\t1\n";
  private final Clpsych2021Suite suite = new Clpsych2021Suite();
  private final ClassificationGold gold =
      suite.readGold(Inputs.text(GOLD), ParseLimits.DEFAULT).value();

  private ValidationReport submit(String text) {
    return submit(Inputs.text(text), ParseLimits.DEFAULT);
  }

  private ValidationReport submit(InputStream in, ParseLimits limits) {
    ParseResult<ClassificationSubmission> r =
        suite.readSubmission(in, FileFormat.TSV, gold, limits);
    assertThat(r.accepted()).isEqualTo(r.report().accepted());
    return r.report();
  }

  private static Problem only(ValidationReport report, ProblemCode code) {
    assertThat(report.problems()).extracting(Problem::code).containsExactly(code);
    return report.problems().get(0);
  }

  @Test
  void acceptsHeaderBomCrlfAndAMissingFinalLineBreak() {
    String body = "user_id\tlabel\tscore\r\nu1\t1\t0.9\r\nu2\t0\t-1e-3\r\nu3\t1\t+.5";
    byte[] text = body.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    ParseResult<ClassificationSubmission> r =
        suite.readSubmission(
            new ByteArrayInputStream(withBom), FileFormat.TSV, gold, ParseLimits.DEFAULT);
    assertThat(r.report().problems()).isEmpty();
    assertThat(r.value().scores()).containsExactly(0.9, -0.001, 0.5);
    assertThat(r.value().labels()).containsExactly(1, 0, 1);
  }

  @Test
  void rejectsEmptyFilesAndHeaderOnlyFiles() {
    only(submit(""), ProblemCode.EMPTY_FILE);
    only(submit("user_id\tlabel\tscore\n"), ProblemCode.EMPTY_FILE);
  }

  @Test
  void rejectsAHeaderThatNamesOtherColumns() {
    Problem p =
        only(
            submit("user_id\tscore\tlabel\nu1\t1\t1\nu2\t0\t0\nu3\t1\t1\n"),
            ProblemCode.BAD_HEADER);
    assertThat(p.occurrences().get(0).line()).isEqualTo(1);
    assertThat(p.detail()).contains("user_id<TAB>label<TAB>score");
  }

  @Test
  void reportsWrongColumnCountsWithTheirLineNumbers() {
    Problem p =
        only(submit("u1\t1\t0.5\nu2\t0\nu3\t1\t0.2\textra\n"), ProblemCode.WRONG_COLUMN_COUNT);
    assertThat(p.count()).isEqualTo(2);
    assertThat(p.occurrences()).extracting(Problem.Occurrence::line).containsExactly(2L, 3L);
    assertThat(p.occurrences().get(1).value()).isEqualTo("u3\t1\t0.2\textra");
  }

  @Test
  void clpsych2019LetsTheScoreColumnBeLeftOut() {
    Clpsych2019Suite s2019 = new Clpsych2019Suite();
    ClassificationGold g =
        s2019.readGold(Inputs.text("user_id\tlabel\nu1\ta\nu2\td\n"), ParseLimits.DEFAULT).value();
    assertThat(
            s2019
                .readSubmission(
                    Inputs.text("u1\tb\nu2\td\t3\n"), FileFormat.TSV, g, ParseLimits.DEFAULT)
                .accepted())
        .isTrue();
    ValidationReport bad =
        s2019
            .readSubmission(
                Inputs.text("u1\tb\tNaN\nu2\te\n"), FileFormat.TSV, g, ParseLimits.DEFAULT)
            .report();
    assertThat(bad.problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCode.INVALID_LABEL, ProblemCode.NON_FINITE_SCORE);
    assertThat(bad.problem(ProblemCode.INVALID_LABEL).orElseThrow().detail())
        .contains("a, b, c, d");
  }

  @Test
  void rejectsInvalidLabelsAndScoresNamingEachOne() {
    ValidationReport r = submit("u1\tyes\t0.5\nu2\t0\tabc\nu3\t1\t1,5\n");
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCode.INVALID_LABEL, ProblemCode.INVALID_SCORE);
    assertThat(r.problem(ProblemCode.INVALID_LABEL).orElseThrow().occurrences().get(0))
        .isEqualTo(new Problem.Occurrence(1, "u1", null, "yes"));
    assertThat(r.problem(ProblemCode.INVALID_SCORE).orElseThrow().occurrences())
        .extracting(Problem.Occurrence::value)
        .containsExactly("abc", "1,5");
  }

  @Test
  void rejectsScoresThatJavaWouldAcceptButAreNotPlainDecimals() {
    for (String score :
        new String[] {" 1", "1 ", "0x1p3", "1f", "1d", "", "-", "1e", ".", "1.2.3"}) {
      ValidationReport r = submit("u1\t1\t" + score + "\nu2\t0\t0\nu3\t1\t0\n");
      assertThat(r.problems())
          .as("score '%s'", score)
          .extracting(Problem::code)
          .containsExactly(ProblemCode.INVALID_SCORE);
    }
  }

  @Test
  void rejectsNanAndInfinityAsNonFinite() {
    ValidationReport r = submit("u1\t1\tNaN\nu2\t0\t-inf\nu3\t1\t1e999\n");
    Problem p = only(r, ProblemCode.NON_FINITE_SCORE);
    assertThat(p.count()).isEqualTo(3);
    assertThat(p.occurrences())
        .extracting(Problem.Occurrence::value)
        .containsExactly("NaN", "-inf", "1e999");
  }

  @Test
  void reportsUnknownDuplicatedAndMissingIds() {
    ValidationReport r = submit("u1\t1\t1\nu1\t1\t1\nu9\t0\t0\n");
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(ProblemCode.DUPLICATE_ID, ProblemCode.UNKNOWN_ID, ProblemCode.MISSING_ID);
    assertThat(r.problem(ProblemCode.DUPLICATE_ID).orElseThrow().occurrences().get(0).line())
        .isEqualTo(2);
    assertThat(r.problem(ProblemCode.UNKNOWN_ID).orElseThrow().occurrences().get(0).userId())
        .isEqualTo("u9");
    assertThat(r.problem(ProblemCode.MISSING_ID).orElseThrow().occurrences())
        .extracting(Problem.Occurrence::userId)
        .containsExactly("u2", "u3");
  }

  @Test
  void listsMissingIdsUpToTheCapAndCountsThemAll() {
    StringBuilder g = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      g.append("u").append(i).append("\t0\n");
    }
    ClassificationGold big = suite.readGold(Inputs.text(g.toString()), ParseLimits.DEFAULT).value();
    ParseLimits limits = new ParseLimits(1 << 20, 1000, 5);
    ValidationReport r =
        suite.readSubmission(Inputs.text("u5\t0\t0\n"), FileFormat.TSV, big, limits).report();
    Problem p = only(r, ProblemCode.MISSING_ID);
    assertThat(p.count()).isEqualTo(999);
    assertThat(p.truncated()).isTrue();
    assertThat(p.occurrences())
        .extracting(Problem.Occurrence::userId)
        .containsExactly("u0", "u1", "u2", "u3", "u4");
  }

  @Test
  void reportsInvalidIds() {
    ValidationReport r = submit("u 1\t1\t1\n\t0\t0\nu2\t0\t0\nu3\t1\t0\nu1\t1\t0\n");
    Problem p = only(r, ProblemCode.INVALID_ID);
    assertThat(p.occurrences()).extracting(Problem.Occurrence::value).containsExactly("u 1", "");
  }

  @Test
  void reportsBlankLinesButAllowsOneFinalLineBreak() {
    Problem p = only(submit("u1\t1\t1\n\nu2\t0\t0\nu3\t1\t0\n\n"), ProblemCode.BLANK_LINE);
    assertThat(p.occurrences()).extracting(Problem.Occurrence::line).containsExactly(2L, 5L);
  }

  @Test
  void rejectsUtf16AndBinaryAndInvalidUtf8() {
    byte[] utf16 = "u1\t1\t1\n".getBytes(StandardCharsets.UTF_16); // with a byte order mark
    only(submit(new ByteArrayInputStream(utf16), ParseLimits.DEFAULT), ProblemCode.NOT_UTF8);
    byte[] utf16le = "u1\t1\t1\n".getBytes(StandardCharsets.UTF_16LE); // no mark: NUL bytes
    only(
        submit(new ByteArrayInputStream(utf16le), ParseLimits.DEFAULT), ProblemCode.BINARY_CONTENT);
    byte[] latin1 =
        "u1\t1\t1\nu2\t0\t0\nu3\t1\t0\nzo\u00eb\t1\t1\n".getBytes(StandardCharsets.ISO_8859_1);
    Problem p =
        only(submit(new ByteArrayInputStream(latin1), ParseLimits.DEFAULT), ProblemCode.NOT_UTF8);
    assertThat(p.occurrences().get(0).line()).isEqualTo(4);
  }

  @Test
  void acceptsUtf8IdsBeyondAscii() {
    ClassificationGold g =
        suite.readGold(Inputs.text("zoë\t1\n用户\t0\n"), ParseLimits.DEFAULT).value();
    ParseResult<ClassificationSubmission> r =
        suite.readSubmission(
            Inputs.text("用户\t0\t0.1\nzoë\t1\t0.9\n"), FileFormat.TSV, g, ParseLimits.DEFAULT);
    assertThat(r.report().problems()).isEmpty();
  }

  @Test
  void stopsAtTheByteAndRowLimits() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      s.append("u1\t1\t0.5\n");
    }
    ValidationReport bytes = submit(Inputs.text(s.toString()), new ParseLimits(50, 1000, 10));
    assertThat(bytes.problem(ProblemCode.TOO_MANY_BYTES)).isPresent();
    assertThat(bytes.problem(ProblemCode.MISSING_ID)).as("not reported after a cut").isEmpty();
    ValidationReport rows = submit(Inputs.text(s.toString()), new ParseLimits(1 << 20, 3, 10));
    assertThat(rows.problem(ProblemCode.TOO_MANY_ROWS).orElseThrow().occurrences().get(0).line())
        .isEqualTo(4);
  }

  @Test
  void stopsAtAnOverlongLine() {
    String longLine = "u1\t1\t" + "9".repeat(2 << 20) + "\n";
    only(submit(longLine), ProblemCode.LINE_TOO_LONG);
  }

  @Test
  void reportsEveryKindOfProblemInOnePass() {
    ValidationReport r =
        submit("user_id\tlabel\tscore\nu1\t2\t0.1\nu1\t1\t0.2\nu7\t1\t0.3\nu3\t1\n\nu3\t0\tNaN\n");
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(
            ProblemCode.BLANK_LINE,
            ProblemCode.WRONG_COLUMN_COUNT,
            ProblemCode.INVALID_LABEL,
            ProblemCode.NON_FINITE_SCORE,
            ProblemCode.DUPLICATE_ID,
            ProblemCode.UNKNOWN_ID,
            ProblemCode.MISSING_ID);
    assertThat(r.summary()).startsWith("rejected:").contains("missing-id (1)");
  }

  @Test
  void goldIsValidatedToo() {
    ValidationReport r =
        suite
            .readGold(Inputs.text("user_id\tlabel\nu1\t1\nu1\t0\nu2\t2\nu3\n"), ParseLimits.DEFAULT)
            .report();
    assertThat(r.problems())
        .extracting(Problem::code)
        .containsExactly(
            ProblemCode.WRONG_COLUMN_COUNT, ProblemCode.INVALID_LABEL, ProblemCode.DUPLICATE_ID);
    only(
        suite.readGold(Inputs.text("user_id\tlabel\n"), ParseLimits.DEFAULT).report(),
        ProblemCode.EMPTY_FILE);
    only(
        suite.readGold(Inputs.text("user_id\tgold\nu1\t1\n"), ParseLimits.DEFAULT).report(),
        ProblemCode.BAD_HEADER);
  }
}
