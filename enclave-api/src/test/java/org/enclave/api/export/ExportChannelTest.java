package org.enclave.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.export.persistence.ExportFileEntity;
import org.enclave.api.export.persistence.ExportFileRepository;
import org.enclave.api.export.persistence.ExportRequestRepository;
import org.enclave.api.export.service.ExportService;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.enclave.api.support.ChannelClient.Answer;
import org.enclave.infra.storage.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Export requests from inside a workspace, through its broker endpoint: files are staged with the
 * hash the broker checked, a request takes them all or none, only its author withdraws it, and
 * every step and refusal is audited.
 */
@QuarkusTest
class ExportChannelTest {
  @Inject BrokerEndpoints endpoints;
  @Inject ExportFileRepository files;
  @Inject ExportRequestRepository requests;
  @Inject ExportService service;
  @Inject ObjectStore store;

  String lead;
  String member;
  String teamId;
  ChannelClient workspace;

  @BeforeEach
  void team() {
    lead = Api.unique("lead");
    member = Api.unique("member");
    teamId =
        Api.id(
            as("olga", "organizer")
                .body(Api.team(Api.unique("team"), lead, List.of(member)))
                .post("/api/v1/teams"));
    workspace = workspace(lead);
  }

  private ChannelClient workspace(String owner) {
    return new ChannelClient(
        endpoints.openLoopback(
            new WorkspaceIdentity(Api.unique("ws"), UUID.fromString(teamId), owner), 0));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Answer stage(ChannelClient ws, String name, String content) {
    return ws.call("POST", "/-/exports/files", Map.of("name", name), bytes(content));
  }

  private static String file(String id, String sha256) {
    return "{\"id\":\"" + id + "\",\"sha256\":\"" + sha256 + "\"}";
  }

  private static Answer request(ChannelClient ws, String justification, String... files) {
    String body =
        "{\"justification\":\"" + justification + "\",\"files\":[" + String.join(",", files) + "]}";
    return ws.call("POST", "/-/exports", Map.of(), bytes(body));
  }

  private static void assertProblem(Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    assertThat(a.json().getString("code")).isEqualTo(code);
  }

  @Test
  void aTeamStagesFilesAndFilesOneRequestForThemAllWithTheirHashes() {
    long head = AuditTrail.head();
    Answer table = stage(workspace, "results/table.csv", "model,f1\nbert,0.71\n");
    Answer figure = stage(workspace, "figure 1.svg", "<svg/>");
    assertThat(table.status()).as(table.body()).isEqualTo(201);
    assertThat(table.json().getString("sha256"))
        .isEqualTo(ChannelClient.sha256(bytes("model,f1\nbert,0.71\n")));
    assertThat(table.json().getLong("sizeBytes")).isEqualTo(19);

    Answer filed =
        request(
            workspace,
            "Table 2 and Figure 1 of our paper: aggregate scores only.",
            file(table.json().getString("id"), table.json().getString("sha256")),
            file(figure.json().getString("id"), figure.json().getString("sha256")));

    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    assertThat(filed.json().getString("state")).isEqualTo("submitted");
    assertThat(filed.json().getString("author")).isEqualTo(lead);
    assertThat(filed.json().getList("files.name"))
        .containsExactly("results/table.csv", "figure 1.svg");
    assertThat(filed.json().getLong("totalBytes")).isEqualTo(25);
    String id = filed.json().getString("id");

    Answer listed = workspace(member).call("GET", "/-/exports", Map.of(), new byte[0]);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().getList("requests.id")).containsExactly(id);

    // Stored under the restricted namespace, which the broker never serves.
    List<ExportFileEntity> stored =
        QuarkusTransaction.requiringNew().call(() -> files.ofRequest(UUID.fromString(id)));
    assertThat(stored)
        .extracting(f -> f.objectKey)
        .allMatch(k -> k.startsWith("restricted/exports/"));
    assertThat(stored).allMatch(f -> f.expiresAt == null);

    List<Map<String, Object>> trail = AuditTrail.after(head, Map.of("teamId", teamId));
    assertThat(trail)
        .extracting(e -> e.get("action") + " " + e.get("outcome"))
        .containsExactly(
            "export.file-staged ALLOW",
            "export.file-staged ALLOW",
            "export.requested ALLOW",
            "export.checked ALLOW");
    assertThat((String) trail.get(2).get("reason"))
        .contains("2 file(s)")
        .contains("results/table.csv sha256 " + table.json().getString("sha256"));
  }

  @Test
  void onlyTheAuthorWithdrawsAndOnlyWhileTheRequestIsSubmitted() {
    Answer staged = stage(workspace, "out.txt", "done\n");
    String id =
        request(
                workspace,
                "why",
                file(staged.json().getString("id"), staged.json().getString("sha256")))
            .json()
            .getString("id");
    long head = AuditTrail.head();

    assertProblem(
        workspace(member).call("POST", "/-/exports/" + id + "/withdraw", Map.of(), new byte[0]),
        403,
        "forbidden");

    Answer withdrawn =
        workspace.call("POST", "/-/exports/" + id + "/withdraw", Map.of(), new byte[0]);
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().getString("state")).isEqualTo("withdrawn");

    assertProblem(
        workspace.call("POST", "/-/exports/" + id + "/withdraw", Map.of(), new byte[0]),
        409,
        "state-conflict");
    assertThat(AuditTrail.after(head, Map.of("teamId", teamId)))
        .extracting(e -> e.get("action") + " " + e.get("outcome"))
        .containsExactly("export.withdraw DENY", "export.withdrawn ALLOW", "export.withdrawn DENY");
  }

  @Test
  void aWorkspaceOfSomeoneOutsideTheTeamCannotStage() {
    ChannelClient outsider = workspace(Api.unique("outsider"));
    assertProblem(stage(outsider, "x.txt", "x"), 403, "forbidden");
  }

  @Test
  void badNamesAreRefusedAuditedAndNothingIsStored() {
    long head = AuditTrail.head();
    for (String name : List.of("../etc/passwd", "/abs.txt", "a//b", ".hidden", "a/../b", "x\ny")) {
      assertProblem(stage(workspace, name, "x"), 400, "invalid-file-name");
    }
    assertProblem(
        workspace.call("POST", "/-/exports/files", Map.of(), bytes("x")), 400, "invalid-file-name");
    assertThat(AuditTrail.after(head, Map.of("teamId", teamId)))
        .hasSize(7)
        .allMatch(
            e -> "DENY".equals(e.get("outcome")) && "export.file-staged".equals(e.get("action")));
    long stored =
        QuarkusTransaction.requiringNew()
            .call(() -> files.count("teamId", UUID.fromString(teamId)));
    assertThat(stored).isZero();
  }

  @Test
  void aFileThatChangedWhileItWasSentIsRefusedAndStaysStaged() {
    Answer staged = stage(workspace, "model.bin", "weights v2");
    String id = staged.json().getString("id");
    String hashComputedBefore = ChannelClient.sha256(bytes("weights v1"));

    Answer refused = request(workspace, "model", file(id, hashComputedBefore));

    assertProblem(refused, 409, "export-file-changed");
    assertThat(refused.json().getString("detail")).contains("changed while it was sent");
    ExportFileEntity f =
        QuarkusTransaction.requiringNew().call(() -> files.findById(UUID.fromString(id)));
    assertThat(f.requestId).isNull();
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> requests.count("teamId", UUID.fromString(teamId))))
        .isZero();
  }

  @Test
  void aRequestTakesOnlyFilesThisWorkspaceStagedAndNotYetTaken() {
    Answer mine = stage(workspace, "a.txt", "a");
    Answer others = stage(workspace(member), "b.txt", "b");
    String mineRef = file(mine.json().getString("id"), mine.json().getString("sha256"));

    assertProblem(
        request(
            workspace,
            "both",
            mineRef,
            file(others.json().getString("id"), others.json().getString("sha256"))),
        404,
        "not-found");
    assertProblem(
        request(workspace, "unknown", file(UUID.randomUUID().toString(), "0".repeat(64))),
        404,
        "not-found");
    assertThat(request(workspace, "first", mineRef).status()).isEqualTo(201);
    assertProblem(request(workspace, "again", mineRef), 409, "state-conflict");
    Answer fresh = stage(workspace, "c.txt", "c");
    String freshRef = file(fresh.json().getString("id"), fresh.json().getString("sha256"));
    assertProblem(request(workspace, "twice", freshRef, freshRef), 400, "validation-failed");
  }

  @Test
  void malformedRequestsAreRefusedWithWhatToSend() {
    Answer staged = stage(workspace, "a.txt", "a");
    String ref = file(staged.json().getString("id"), staged.json().getString("sha256"));

    assertProblem(request(workspace, "  ", ref), 400, "validation-failed");
    assertProblem(request(workspace, "no files"), 400, "validation-failed");
    assertProblem(request(workspace, "x".repeat(4001), ref), 400, "validation-failed");
    assertProblem(
        request(workspace, "bad hash", file(staged.json().getString("id"), "ABC")),
        400,
        "validation-failed");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add(file(UUID.randomUUID().toString(), "0".repeat(64)));
    }
    assertProblem(
        request(workspace, "many", many.toArray(String[]::new)), 400, "validation-failed");
    assertProblem(
        workspace.call("POST", "/-/exports", Map.of(), bytes("{\"justification\":\"x\"")),
        400,
        "malformed-json");
    assertProblem(
        workspace.call(
            "POST",
            "/-/exports",
            Map.of(),
            bytes("{\"justification\":\"x\",\"files\":[],\"to\":1}")),
        400,
        "unknown-field");
    assertProblem(
        workspace.call("POST", "/-/exports", Map.of(), bytes("{\"justification\":1,\"files\":[]}")),
        400,
        "invalid-field-type");
    assertProblem(
        workspace.call(
            "POST", "/-/exports", Map.of(), bytes("{\"justification\":\"x\",\"files\":[\"id\"]}")),
        400,
        "invalid-field-type");
    assertProblem(
        workspace.call("DELETE", "/-/exports", Map.of(), new byte[0]), 405, "method-not-allowed");
    assertProblem(
        workspace.call("GET", "/-/exports/files", Map.of(), new byte[0]),
        405,
        "method-not-allowed");
    assertProblem(
        workspace.call("POST", "/-/exports/nope", Map.of(), new byte[0]), 404, "not-found");
    assertProblem(
        workspace.call(
            "POST",
            "/-/exports/not-an-id-at-all-not-an-id-at-all-xx/withdraw",
            Map.of(),
            new byte[0]),
        404,
        "not-found");
  }

  @Test
  void stagedFilesNoRequestTookExpireAndAreDeleted() throws Exception {
    Answer staged = stage(workspace, "late.txt", "late");
    UUID id = UUID.fromString(staged.json().getString("id"));
    String key =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ExportFileEntity f = files.findById(id);
                  f.expiresAt = Instant.now().minusSeconds(1);
                  return f.objectKey;
                });

    Answer refused =
        request(workspace, "late", file(id.toString(), staged.json().getString("sha256")));
    assertProblem(refused, 404, "not-found");
    assertThat(refused.json().getString("detail")).contains("expired");

    assertThat(service.sweepExpired()).isGreaterThanOrEqualTo(1);
    assertThat(QuarkusTransaction.requiringNew().call(() -> files.findById(id))).isNull();
    assertThat(store.stat(key)).isEmpty();
  }
}
