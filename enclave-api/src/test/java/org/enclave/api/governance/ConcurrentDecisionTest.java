package org.enclave.api.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.enclave.api.support.Api;
import org.enclave.api.support.Fixture;
import org.junit.jupiter.api.RepeatedTest;

/** Two stewards decide the same request at the same moment: exactly one wins. */
@QuarkusTest
class ConcurrentDecisionTest {

  @RepeatedTest(5)
  void twoConcurrentDecisionsGiveOneSuccessAndOneConflict() throws Exception {
    Fixture f = Fixture.create();
    String second = Api.unique("steward2");
    as(f.steward, "steward")
        .body(Map.of("username", second))
        .post("/api/v1/datasets/" + f.datasetId + "/stewards")
        .then()
        .statusCode(200);

    CyclicBarrier start = new CyclicBarrier(2);
    List<Callable<Integer>> decisions =
        List.of(
            () -> {
              start.await();
              return as(f.steward, "steward")
                  .body(Map.of())
                  .post("/api/v1/access-requests/" + f.requestId + "/approve")
                  .statusCode();
            },
            () -> {
              start.await();
              return as(second, "steward")
                  .body(Map.of("reason", "not this time"))
                  .post("/api/v1/access-requests/" + f.requestId + "/deny")
                  .statusCode();
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Integer> statuses = new ArrayList<>();
    try {
      for (Future<Integer> r : pool.invokeAll(decisions)) {
        statuses.add(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses).containsExactlyInAnyOrder(200, 409);

    String status =
        as(f.steward, "steward")
            .get("/api/v1/access-requests/" + f.requestId)
            .then()
            .extract()
            .path("status");
    List<Object> grants =
        as(f.steward, "steward")
            .get("/api/v1/grants?datasetId=" + f.datasetId)
            .then()
            .extract()
            .path("$");
    if (status.equals("APPROVED")) {
      assertThat(grants).hasSize(1);
    } else {
      assertThat(status).isEqualTo("DENIED");
      assertThat(grants).isEmpty();
    }
  }
}
