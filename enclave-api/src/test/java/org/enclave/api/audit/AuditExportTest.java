package org.enclave.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.Fixture;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditException;
import org.junit.jupiter.api.Test;

/**
 * The export of an audit search: JSON Lines with the search's records, oldest first, recorded in
 * the log before any row is sent, and refused outright when the log cannot record it.
 */
@QuarkusTest
class AuditExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPORT = "/api/v1/audit/events/export";

  @Test
  void exportHoldsExactlyTheSearchResultsOneJsonObjectPerLine() {
    Fixture f = Fixture.create();
    denyApprovalByAnotherSteward(f);

    Response r = as("audrey", "auditor").get(EXPORT + "?datasetId=" + f.datasetId);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/x-ndjson");
    List<JsonNode> lines = lines(r);
    assertThat(lines).isNotEmpty();
    assertThat(r.header("Enclave-Export-Rows")).isEqualTo(String.valueOf(lines.size()));
    assertThat(r.header("Enclave-Export-Truncated")).isEqualTo("false");
    for (JsonNode line : lines) {
      assertThat(line.path("datasetId").asText()).isEqualTo(f.datasetId);
    }
    assertThat(logIndexes(lines)).isSorted().doesNotHaveDuplicates();

    List<Map<String, Object>> searched =
        AuditTrail.after(-1, Map.of("datasetId", f.datasetId)).stream()
            .filter(e -> ((Number) e.get("logIndex")).longValue() < logSize(r))
            .toList();
    assertThat(logIndexes(lines))
        .containsExactlyElementsOf(
            searched.stream().map(e -> ((Number) e.get("logIndex")).longValue()).toList());
    assertThat(lines)
        .extracting(l -> l.path("action").asText())
        .contains("dataset.register", "dataset.version.publish", "access-request.create");
  }

  @Test
  void filtersApplyToTheExport() {
    Fixture f = Fixture.create();
    denyApprovalByAnotherSteward(f);

    List<JsonNode> denied =
        lines(as("audrey", "auditor").get(EXPORT + "?outcome=DENY&datasetId=" + f.datasetId));
    assertThat(denied).hasSize(1);
    assertThat(denied.get(0).path("outcome").asText()).isEqualTo("DENY");
    assertThat(denied.get(0).path("actor").asText()).isEqualTo("steward-elsewhere");
    assertThat(denied.get(0).path("action").asText()).isEqualTo("access-request.decide");

    List<JsonNode> byActor =
        lines(
            as("audrey", "auditor")
                .get(EXPORT + "?actor=" + f.lead + "&action=access-request.create"));
    assertThat(byActor).hasSize(1);
    assertThat(byActor.get(0).path("teamId").asText()).isEqualTo(f.teamId);

    Instant registered =
        Instant.parse(
            lines(as("audrey", "auditor").get(EXPORT + "?datasetId=" + f.datasetId))
                .get(1)
                .path("time")
                .asText());
    List<JsonNode> fromSecond =
        lines(
            as("audrey", "auditor")
                .get(EXPORT + "?datasetId=" + f.datasetId + "&from=" + registered));
    assertThat(fromSecond)
        .allSatisfy(
            l -> assertThat(Instant.parse(l.path("time").asText())).isAfterOrEqualTo(registered));
    List<JsonNode> beforeSecond =
        lines(
            as("audrey", "auditor")
                .get(EXPORT + "?datasetId=" + f.datasetId + "&to=" + registered));
    assertThat(beforeSecond)
        .allSatisfy(l -> assertThat(Instant.parse(l.path("time").asText())).isBefore(registered));
  }

  @Test
  void limitTruncatesAndAfterContinues() {
    Fixture f = Fixture.create();
    String all = EXPORT + "?datasetId=" + f.datasetId;
    Response full = as("audrey", "auditor").get(all);
    List<Long> everything = logIndexes(lines(full));
    assertThat(everything).hasSizeGreaterThan(3);

    Response first = as("audrey", "auditor").get(all + "&limit=2");
    assertThat(first.header("Enclave-Export-Truncated")).isEqualTo("true");
    List<Long> page = logIndexes(lines(first));
    assertThat(page).containsExactlyElementsOf(everything.subList(0, 2));
    // Each export is itself an event about the dataset: leave out those that came after.
    List<Long> rest =
        logIndexes(lines(as("audrey", "auditor").get(all + "&after=" + page.get(1)))).stream()
            .filter(i -> i < logSize(full))
            .toList();
    assertThat(rest).containsExactlyElementsOf(everything.subList(2, everything.size()));
  }

  @Test
  void theExportIsInTheLogWithItsFiltersAndRowCountBeforeAnyRow() {
    Fixture f = Fixture.create();
    long head = AuditTrail.head();
    Response r = as(f.steward, "steward").get(EXPORT + "?outcome=ALLOW&datasetId=" + f.datasetId);
    assertThat(r.statusCode()).isEqualTo(200);
    int rows = lines(r).size();

    List<Map<String, Object>> exports =
        AuditTrail.after(head, Map.of("action", "audit.export", "actor", f.steward));
    assertThat(exports).hasSize(1);
    Map<String, Object> e = exports.get(0);
    assertThat(((Number) e.get("logIndex")).longValue())
        .isEqualTo(Long.parseLong(r.header("Enclave-Export-Log-Index")))
        .isGreaterThanOrEqualTo(logSize(r));
    assertThat(e.get("outcome")).isEqualTo("ALLOW");
    assertThat(e.get("datasetId")).isEqualTo(f.datasetId);
    assertThat((String) e.get("reason"))
        .contains("outcome=ALLOW", "datasetId=" + f.datasetId, rows + " rows");
  }

  @Test
  void whenTheLogCannotRecordTheExportNoRowIsSent() {
    Fixture f = Fixture.create();
    QuarkusMock.installMockForType(new FailingSink(), LogAuditSink.class);
    Response r = as("audrey", "auditor").get(EXPORT + "?datasetId=" + f.datasetId);
    assertProblem(r, 503, "audit-unavailable");
    assertThat(r.asString()).doesNotContain("logIndex").doesNotContain(f.datasetId);
  }

  @Test
  void refusalsAreProblemDocumentsEvenWhenJsonLinesAreAsked() {
    assertProblem(
        as("audrey", "auditor").accept("application/x-ndjson").get(EXPORT + "?limit=0"),
        400,
        "validation-failed");
    assertProblem(
        as("lena", "researcher").accept("application/x-ndjson").get(EXPORT), 403, "forbidden");
  }

  /** A sink whose log is down: every append fails, as a durable append that did not happen. */
  static class FailingSink extends LogAuditSink {
    @Override
    public long append(AuditEvent event) {
      throw new AuditException("audit log unavailable (test)", null);
    }
  }

  /** A steward of another dataset tries to approve: refused and audited against this dataset. */
  private static void denyApprovalByAnotherSteward(Fixture f) {
    as("steward-elsewhere", "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(403);
  }

  private static long logSize(Response r) {
    return Long.parseLong(r.header("Enclave-Export-Log-Size"));
  }

  private static List<JsonNode> lines(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    String body = r.asString();
    assertThat(body.isEmpty() || body.endsWith("\n")).as("every line ends with a newline").isTrue();
    for (String line : body.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        out.add(node);
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return out;
  }

  private static List<Long> logIndexes(List<JsonNode> lines) {
    return lines.stream().map(l -> l.path("logIndex").asLong()).toList();
  }
}
