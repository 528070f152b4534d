package org.enclave.api.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.enclave.api.support.ChannelClient.Answer;
import org.enclave.api.support.ExportRequests;
import org.enclave.api.workspace.WorkspaceScene;
import org.junit.jupiter.api.Test;

/**
 * The automated checks run when a request arrives: a quote of a post the team is granted and a user
 * id from it are found, each with its file, line and the post it occurs in; a clean file and a
 * broken image are told apart; the checks are audited with their counts by rule.
 */
@QuarkusTest
class ExportChecksTest {
  static final String POSTS =
      """
      {"post_id":"p000101","user_id":"u7781","title":"Night","body":"I keep my phone on silent so nobody can reach me after dark anymore."}
      {"post_id":"p000102","user_id":"u7782","title":"Day","body":"Walked to the river today and it helped a little."}
      """;

  @Inject org.enclave.api.export.service.CorpusIndexes indexes;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPlantedQuoteAndAUserIdAreFoundWithTheirPlaceAndPost() {
    WorkspaceScene scene =
        new WorkspaceScene().withGrantedDataset(Map.of("train/posts.jsonl", bytes(POSTS)));
    ChannelClient ws = ExportRequests.workspace(scene.teamId, scene.lead);
    String report =
        "Findings\nA participant wrote: I KEEP my phone on silent, so nobody can reach me.\n";
    String table = "user,prob\nu7781,0.93\nu1234,0.10\n";
    // A PNG signature with no image behind it: OCR cannot read it, so it is reported unchecked.
    byte[] binary = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    Answer a = ws.call("POST", "/-/exports/files", Map.of("name", "report.md"), bytes(report));
    Answer b = ws.call("POST", "/-/exports/files", Map.of("name", "scores.csv"), bytes(table));
    Answer c = ws.call("POST", "/-/exports/files", Map.of("name", "fig.png"), binary);
    long head = AuditTrail.head();

    String body =
        "{\"justification\":\"results\",\"files\":[" + ref(a) + "," + ref(b) + "," + ref(c) + "]}";
    Answer filed = ws.call("POST", "/-/exports", Map.of(), bytes(body));

    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    List<Map<String, Object>> findings = filed.json().getList("findings");
    assertThat(findings)
        .extracting(
            f -> f.get("file"), f -> f.get("rule"), f -> f.get("line"), f -> f.get("postId"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("report.md", "verbatim-text", 2, "p000101"),
            org.assertj.core.groups.Tuple.tuple("scores.csv", "identifier", 2, "p000101"),
            org.assertj.core.groups.Tuple.tuple("fig.png", "unchecked", 0, null));
    assertThat(findings)
        .filteredOn(f -> f.get("rule").equals("verbatim-text"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.get("matched"))
                  .isEqualTo("I KEEP my phone on silent, so nobody can reach me");
              assertThat(f.get("column")).isEqualTo(22);
              assertThat(f.get("corpusFile")).isEqualTo("train/posts.jsonl");
            });

    // The team sees the same findings when it lists its requests.
    Answer listed = ws.call("GET", "/-/exports", Map.of(), new byte[0]);
    assertThat(listed.json().getList("requests[0].findings")).hasSize(3);

    assertThat(AuditTrail.after(head, Map.of("action", "export.checked")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("outcome")).isEqualTo("ALLOW");
              assertThat((String) e.get("reason"))
                  .contains("3 finding(s) {identifier=1, unchecked=1, verbatim-text=1}")
                  .contains("in 3 file(s)");
            });
  }

  @Test
  void publishingAVersionIndexesItInTheBackground() throws InterruptedException {
    WorkspaceScene scene =
        new WorkspaceScene().withGrantedDataset(Map.of("train/posts.jsonl", bytes(POSTS)));
    UUID version = UUID.fromString(scene.versionId);
    long deadline = System.currentTimeMillis() + 20_000;
    while (!indexes.isBuilt(version) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(indexes.isBuilt(version)).as("index of the published version").isTrue();
  }

  @Test
  void aFileSharingNothingWithTheGrantedDataHasNoFindings() {
    WorkspaceScene scene =
        new WorkspaceScene().withGrantedDataset(Map.of("train/posts.jsonl", bytes(POSTS)));
    ChannelClient ws = ExportRequests.workspace(scene.teamId, scene.lead);
    Answer a =
        ws.call(
            "POST",
            "/-/exports/files",
            Map.of("name", "table.csv"),
            bytes("model,f1\nbaseline,0.41\nours,0.52\n"));
    Answer filed =
        ws.call(
            "POST",
            "/-/exports",
            Map.of(),
            bytes("{\"justification\":\"scores\",\"files\":[" + ref(a) + "]}"));
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    assertThat(filed.json().getList("findings")).isEmpty();
  }

  private static String ref(Answer staged) {
    assertThat(staged.status()).as(staged.body()).isEqualTo(201);
    return "{\"id\":\""
        + staged.json().getString("id")
        + "\",\"sha256\":\""
        + staged.json().getString("sha256")
        + "\"}";
  }
}
