package org.enclave.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.log.TamperEvidentLog;
import org.junit.jupiter.api.Test;

/**
 * An entry the index lacks (its process died between the append and the index row, say) is indexed
 * from the log, with every field of its event, before the next search answers.
 */
@QuarkusTest
class AuditIndexCatchUpTest {
  @Inject TamperEvidentLog log;
  @Inject AuditIndexCatchUp catchUp;
  @Inject AuditSearchIndex index;

  @Test
  void aSearchFindsAnEntryLoggedButNotIndexedWithEveryField() {
    String action = "test.caught-up-" + System.nanoTime();
    Instant time = Instant.parse("2026-04-01T12:00:00.123456Z");
    long at =
        log.append(
            new AuditEvent(
                time,
                "lena",
                "Lena Lind",
                List.of("researcher"),
                action,
                AuditOutcome.ALLOW,
                "served",
                "dataset-object",
                "train/posts.jsonl",
                "team-1",
                "dataset-1",
                "version-1",
                "train/posts.jsonl",
                10L,
                19L,
                10L,
                "ws-1",
                "req-12345678"));
    assertThat(index.missing(at, at + 1, 1)).as("logged straight to the log").containsExactly(at);

    List<Map<String, Object>> found = AuditTrail.after(-1, Map.of("action", action));
    assertThat(found).hasSize(1);
    Map<String, Object> e = found.get(0);
    assertThat(((Number) e.get("logIndex")).longValue()).isEqualTo(at);
    assertThat(e)
        .containsEntry("time", time.toString())
        .containsEntry("actor", "lena")
        .containsEntry("actorDisplayName", "Lena Lind")
        .containsEntry("actorRoles", List.of("researcher"))
        .containsEntry("outcome", "ALLOW")
        .containsEntry("reason", "served")
        .containsEntry("resourceType", "dataset-object")
        .containsEntry("teamId", "team-1")
        .containsEntry("datasetId", "dataset-1")
        .containsEntry("datasetVersion", "version-1")
        .containsEntry("objectKey", "train/posts.jsonl")
        .containsEntry("rangeFirst", 10)
        .containsEntry("rangeLast", 19)
        .containsEntry("bytesServed", 10)
        .containsEntry("workspaceId", "ws-1")
        .containsEntry("requestId", "req-12345678");
    assertThat(catchUp.coverPrefix(log.store().size())).as("nothing left to index").isZero();
  }
}
