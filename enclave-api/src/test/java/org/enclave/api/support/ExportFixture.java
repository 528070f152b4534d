package org.enclave.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import org.enclave.api.support.ChannelClient.Answer;

/**
 * Export requests of a {@link Fixture}'s team, filed through a workspace's broker channel once the
 * steward granted the team its dataset: {@code openId} waits for review, {@code releasedId} was
 * approved by the steward and an output checker. Their files hold nothing the checks report.
 */
public final class ExportFixture {
  private static final Map<Fixture, ExportFixture> BUILT = new IdentityHashMap<>();

  public final String openId;
  public final String openFileId;
  public final String releasedId;
  public final String releasedFileId;

  private ExportFixture(Fixture f) {
    // Approved here, or already by an earlier case of a shared fixture.
    as(f.steward, "steward")
        .body(Map.of())
        .post("/api/v1/access-requests/" + f.requestId + "/approve")
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(is(200), is(409)));
    as(f.lead, "researcher")
        .get("/api/v1/grants?active=true&datasetId=" + f.datasetId)
        .then()
        .statusCode(200)
        .body("teamId", org.hamcrest.Matchers.hasItem(f.teamId));
    ChannelClient ws = ExportRequests.workspace(f.teamId, f.lead);
    Answer open = file(ws, "model,f1\nbaseline,0.41\n");
    openId = open.json().getString("id");
    openFileId = open.json().getString("files[0].id");
    Answer released = file(ws, "model,f1\nours,0.52\n");
    releasedId = released.json().getString("id");
    releasedFileId = released.json().getString("files[0].id");
    for (String[] reviewer :
        new String[][] {{f.steward, "steward"}, {Api.unique("oscar"), "output-checker"}}) {
      as(reviewer[0], reviewer[1])
          .body(Map.of("decision", "approve", "comment", "aggregate scores only"))
          .post("/api/v1/exports/" + releasedId + "/reviews")
          .then()
          .statusCode(200);
    }
  }

  public static synchronized ExportFixture of(Fixture f) {
    return BUILT.computeIfAbsent(f, ExportFixture::new);
  }

  private static Answer file(ChannelClient ws, String table) {
    Answer filed =
        ExportRequests.file(
            ws,
            Map.of("scores.csv", table.getBytes(StandardCharsets.UTF_8)),
            "scores for the paper",
            null);
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    return filed;
  }
}
