package org.enclave.api.sharedtask.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scores.json a scoring program answers with: both documented shapes and every way off. */
class ProgramAnswerTest {

  private static Evaluation read(String json) throws ProgramAnswer.Malformed {
    return ProgramAnswer.read(
        json.getBytes(StandardCharsets.UTF_8), "macro_f1", Direction.HIGHER_IS_BETTER);
  }

  @Test
  void scoresKeepTheirOrderAndNullIsUndefined() throws Exception {
    Evaluation e = read("{\"scores\": {\"accuracy\": 0.75, \"macro_f1\": 0.5, \"auc\": null}}");

    assertThat(e).isInstanceOf(Evaluation.Scored.class);
    var scores = ((Evaluation.Scored) e).scores();
    assertThat(scores.suite()).isEqualTo("program");
    assertThat(scores.values())
        .extracting(MetricValue::name)
        .containsExactly("accuracy", "macro_f1", "auc");
    assertThat(scores.value("macro_f1")).isEqualTo(0.5);
    assertThat(scores.metric("macro_f1").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
    assertThat(scores.metric("accuracy").direction()).isNull();
    assertThat(scores.metric("auc").defined()).isFalse();
    assertThat(scores.metric("auc").note()).contains("undefined");
  }

  @Test
  void anUndefinedPrimaryMetricIsAScoreNotAFailure() throws Exception {
    Evaluation e = read("{\"scores\": {\"macro_f1\": null}}");

    assertThat(((Evaluation.Scored) e).scores().metric("macro_f1").defined()).isFalse();
  }

  @Test
  void integersAndExponentsAreNumbers() throws Exception {
    Evaluation e = read("{\"scores\": {\"macro_f1\": 1, \"loss\": 2.5e-3}}");

    var scores = ((Evaluation.Scored) e).scores();
    assertThat(scores.value("macro_f1")).isEqualTo(1.0);
    assertThat(scores.value("loss")).isEqualTo(0.0025);
  }

  @Test
  void aRejectionCarriesTheProgramsProblems() throws Exception {
    Evaluation e =
        read(
            """
            {"rejected": [
              {"code": "missing-id", "detail": "3 users are not covered", "count": 3,
               "occurrences": [{"userId": "u1"}, {"userId": "u2"}]},
              {"code": "bad-row", "detail": "row 4 has 2 columns", "occurrences": [{"line": 4, "value": "u9\\tx"}]}
            ]}
            """);

    assertThat(e).isInstanceOf(Evaluation.Rejected.class);
    Evaluation.Rejected r = (Evaluation.Rejected) e;
    assertThat(r.summary()).isEqualTo("missing-id (3); bad-row (1)");
    FileProblem first = r.problems().get(0);
    assertThat(first.code()).isEqualTo("missing-id");
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.truncated()).isTrue();
    assertThat(first.occurrences()).extracting(o -> o.userId()).containsExactly("u1", "u2");
    FileProblem second = r.problems().get(1);
    assertThat(second.count()).isEqualTo(1);
    assertThat(second.truncated()).isFalse();
    assertThat(second.occurrences().get(0).line()).isEqualTo(4L);
    assertThat(second.occurrences().get(0).value()).isEqualTo("u9\tx");
  }

  @Test
  void aProblemWithoutOccurrencesCountsOnce() throws Exception {
    Evaluation.Rejected r =
        (Evaluation.Rejected)
            read("{\"rejected\": [{\"code\": \"empty\", \"detail\": \"no rows\"}]}");

    assertThat(r.problems().get(0).count()).isEqualTo(1);
    assertThat(r.problems().get(0).occurrences()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not json                       | {"scores":                                  | not valid JSON
          empty                          | ''                                          | empty
          an array                       | [1, 2]                                      | must be a JSON object, not array
          no member                      | {}                                          | exactly one member
          both members                   | {"scores": {"macro_f1": 1}, "rejected": []} | exactly one member
          another member                 | {"score": {"macro_f1": 1}}                  | exactly one member
          scores not an object           | {"scores": [0.5]}                           | must be an object of metric names
          no metrics                     | {"scores": {}}                              | 1 to 200 metrics
          primary metric missing         | {"scores": {"accuracy": 0.5}}               | lacks the task's primary metric macro_f1
          a string score                 | {"scores": {"macro_f1": "0.5"}}             | must be a finite number or null
          a boolean score                | {"scores": {"macro_f1": true}}              | must be a finite number or null
          NaN                            | {"scores": {"macro_f1": NaN}}               | not valid JSON
          infinite                       | {"scores": {"macro_f1": 1e400}}             | must be a finite number or null
          bad metric name                | {"scores": {"macro f1": 0.5}}               | must start with a letter
          duplicate metric               | {"scores": {"macro_f1": 0.5, "macro_f1": 0.6}} | Duplicate field
          rejected not an array          | {"rejected": {"code": "x"}}                 | must be an array of 1 to 100 problems
          rejected empty                 | {"rejected": []}                            | must be an array of 1 to 100 problems
          problem not an object          | {"rejected": ["missing"]}                   | rejected[0] must be an object
          problem without code           | {"rejected": [{"detail": "d"}]}             | rejected[0].code must be
          problem with a bad code        | {"rejected": [{"code": "Missing Id", "detail": "d"}]} | rejected[0].code must be
          problem without detail         | {"rejected": [{"code": "x"}]}               | rejected[0].detail must say
          problem with a blank detail    | {"rejected": [{"code": "x", "detail": " "}]} | rejected[0].detail must say
          problem with unknown member    | {"rejected": [{"code": "x", "detail": "d", "gold": "c"}]} | unknown member "gold"
          zero count                     | {"rejected": [{"code": "x", "detail": "d", "count": 0}]} | count must be a positive whole number
          fractional count               | {"rejected": [{"code": "x", "detail": "d", "count": 1.5}]} | count must be a positive whole number
          count below occurrences        | {"rejected": [{"code": "x", "detail": "d", "count": 1, "occurrences": [{}, {}]}]} | smaller than the occurrences
          occurrences not an array       | {"rejected": [{"code": "x", "detail": "d", "occurrences": {}}]} | occurrences must be an array
          occurrence not an object       | {"rejected": [{"code": "x", "detail": "d", "occurrences": [3]}]} | occurrences[0] must be an object
          negative line                  | {"rejected": [{"code": "x", "detail": "d", "occurrences": [{"line": -1}]}]} | line must be a positive whole number
          numeric user id                | {"rejected": [{"code": "x", "detail": "d", "occurrences": [{"userId": 7}]}]} | userId must be a string
          occurrence with unknown member | {"rejected": [{"code": "x", "detail": "d", "occurrences": [{"label": "c"}]}]} | unknown member "label"
          """)
  void malformedAnswersSayWhatIsWrong(String name, String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(ProgramAnswer.Malformed.class)
        .hasMessageContaining(message);
  }

  @Test
  void notUtf8IsMalformed() {
    byte[] latin1 =
        "{\"scores\": {\"macro_f1\": 1, \"caf\u00e9\": 2}}".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> ProgramAnswer.read(latin1, "macro_f1", Direction.HIGHER_IS_BETTER))
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void tooManyMetricsOrLongValuesAreMalformed() {
    StringBuilder many = new StringBuilder("{\"scores\": {\"macro_f1\": 1");
    for (int i = 0; i < ProgramAnswer.MAX_METRICS; i++) {
      many.append(", \"m").append(i).append("\": 0");
    }
    many.append("}}");
    assertThatThrownBy(() -> read(many.toString())).hasMessageContaining("1 to 200 metrics");

    String longDetail = "x".repeat(ProgramAnswer.MAX_DETAIL + 1);
    assertThatThrownBy(
            () -> read("{\"rejected\": [{\"code\": \"x\", \"detail\": \"" + longDetail + "\"}]}"))
        .hasMessageContaining("longer than 2000 characters");
  }
}
