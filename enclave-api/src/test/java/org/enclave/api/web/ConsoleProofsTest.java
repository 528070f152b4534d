package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.ProofVerifier;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteVerifier;
import org.junit.jupiter.api.Test;

/**
 * The data behind the console's "prove it" page: what the browser's script is given is enough to
 * check, with the verifier key alone, that the entry is in the signed log (checked here with the
 * audit module's own verifier, as the command-line verifier would); bad indices are refused.
 */
@QuarkusTest
class ConsoleProofsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI base;

  @Test
  void theProofDataProvesTheEntryAgainstTheSignedCheckpoint() throws Exception {
    long index = AuditTrail.head();
    CodeFlowBrowser audrey = CodeFlowBrowser.signIn(base, ConsoleProofs.PATH, "audrey", "auditor");
    JsonNode data = coveredData(audrey, index);

    NoteVerifier key = NoteVerifier.parse(data.get("verifierKey").asText());
    Checkpoint checkpoint =
        Checkpoint.open(data.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8), key);
    assertThat(checkpoint.size()).isEqualTo(data.get("size").asLong()).isGreaterThan(index);
    byte[] entry = Base64.getDecoder().decode(data.get("entry").asText());
    assertThat(Base64.getEncoder().encodeToString(MerkleHasher.leafHash(entry)))
        .isEqualTo(data.get("leafHash").asText());
    List<byte[]> path = new ArrayList<>();
    data.get("hashes").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
    ProofVerifier.verifyInclusion(
        index, checkpoint.size(), MerkleHasher.leafHash(entry), path, checkpoint.rootHash());

    HttpResponse<String> page = audrey.get(ConsoleProofs.PATH + "?index=" + index);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-index=\"" + index + "\"")
        .contains("value=\"" + data.get("verifierKey").asText() + "\"")
        .contains("<script src=\"/console/assets/proof.js\" defer></script>");
  }

  @Test
  void theConsistencyDataProvesTheOldestCheckpointIsAPrefixOfTheNewest() throws Exception {
    CodeFlowBrowser audrey = CodeFlowBrowser.signIn(base, ConsoleProofs.PATH, "audrey", "auditor");
    coveredData(audrey, AuditTrail.head());
    HttpResponse<String> r =
        audrey.get(ConsoleProofs.PATH + "/consistency?from=", "Accept", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode d = JSON.readTree(r.body());
    NoteVerifier key = NoteVerifier.parse(d.get("verifierKey").asText());
    Checkpoint older =
        Checkpoint.open(d.get("older").asText().getBytes(StandardCharsets.UTF_8), key);
    Checkpoint newer =
        Checkpoint.open(d.get("newer").asText().getBytes(StandardCharsets.UTF_8), key);
    assertThat(older.size()).isEqualTo(d.get("from").asLong());
    assertThat(newer.size()).isEqualTo(d.get("to").asLong()).isGreaterThanOrEqualTo(older.size());
    List<byte[]> path = new ArrayList<>();
    d.get("hashes").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
    if (older.size() < newer.size()) {
      ProofVerifier.verifyConsistency(
          older.size(), newer.size(), older.rootHash(), newer.rootHash(), path);
    }
    HttpResponse<String> same =
        audrey.get(
            ConsoleProofs.PATH + "/consistency?from=" + older.size(), "Accept", "application/json");
    assertThat(JSON.readTree(same.body()).get("older").asText()).isEqualTo(d.get("older").asText());

    for (String bad : List.of("0", "-3", "x", "99999999999")) {
      HttpResponse<String> refused =
          audrey.get(ConsoleProofs.PATH + "/consistency?from=" + bad, "Accept", "application/json");
      assertThat(refused.statusCode()).as(bad).isIn(400, 404);
      assertThat(refused.body()).as(bad).contains("from");
    }
  }

  @Test
  void badIndicesAreRefusedWithWhatToDo() throws Exception {
    CodeFlowBrowser audrey = CodeFlowBrowser.signIn(base, ConsoleProofs.PATH, "audrey", "auditor");
    for (String bad : List.of("-1", "abc", "", "1e3")) {
      HttpResponse<String> r =
          audrey.get(ConsoleProofs.PATH + "/data?index=" + bad, "Accept", "application/json");
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).contains("index must be a log index");
    }
    HttpResponse<String> beyond =
        audrey.get(ConsoleProofs.PATH + "/data?index=999999999", "Accept", "application/json");
    assertThat(beyond.statusCode()).isEqualTo(400);
    assertThat(beyond.body()).contains("not covered by a signed checkpoint yet");
    assertThat(audrey.get(ConsoleProofs.PATH + "?index=x").statusCode()).isEqualTo(400);
    assertThat(audrey.get(ConsoleProofs.PATH).body()).contains("id=\"choose\"");
  }

  /** The proof data of an entry, once a checkpoint covers it (one is signed every second). */
  private static JsonNode coveredData(CodeFlowBrowser b, long index) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      HttpResponse<String> r =
          b.get(ConsoleProofs.PATH + "/data?index=" + index, "Accept", "application/json");
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      assertThat(r.body()).contains("not covered by a signed checkpoint yet");
      assertThat(Instant.now()).as("a checkpoint covers entry %s", index).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
