package org.enclave.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.anonymous;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.TightLimits;
import org.junit.jupiter.api.Test;

/** A flood of unauthenticated requests costs a bounded number of audit entries, all counted. */
@QuarkusTest
@TestProfile(TightLimits.class)
class UnauthenticatedDenialsTest {

  @Inject UnauthenticatedDenials denials;

  @Test
  void aFloodGetsItsFirstEntriesThenOneSummaryCountingTheRest() throws InterruptedException {
    denials.recordEnded(Instant.now().plus(Duration.ofMinutes(2))); // start from a clean minute
    long before = AuditTrail.head();
    String path = "/api/v1/teams/flood";
    int sent = 25;
    for (int i = 0; i < sent; i++) {
      anonymous().get(path).then().statusCode(401);
    }
    Map<String, String> anon = Map.of("actor", "anonymous", "action", "http.request");

    List<Map<String, Object>> individual = AuditTrail.after(before, anon);
    assertThat(individual).allMatch(e -> ("GET " + path).equals(e.get("resourceId")));
    int recorded = individual.size();
    // the 25 requests may straddle a minute boundary: then each minute has its own budget
    assertThat(recorded).isBetween(3, 6);

    denials.recordEnded(Instant.now().plus(Duration.ofMinutes(2)));

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (AuditTrail.after(before, anon).size() == recorded && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Map<String, Object>> summaries =
        AuditTrail.after(before, anon).stream()
            .filter(e -> "client-address".equals(e.get("resourceType")))
            .toList();
    int counted =
        summaries.stream()
            .mapToInt(e -> Integer.parseInt(((String) e.get("reason")).split(" ")[0]))
            .sum();
    assertThat(summaries).allMatch(e -> "DENY".equals(e.get("outcome")));
    assertThat(recorded + counted).as("every refusal is accounted for").isEqualTo(sent);
  }
}
