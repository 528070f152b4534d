package org.enclave.api.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and the API description are open to operators without a token. */
@QuarkusTest
class OperationsEndpointsTest {

  @Test
  void healthIsUpWithTheDatabase() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void prometheusMetricsAreServed() {
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
  }

  @Test
  void openApiDescribesTheApiAndItsBearerScheme() {
    given()
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("info.title", equalTo("Enclave API"))
        .body(
            "paths.'/api/v1/access-requests/{requestId}/approve'.post.operationId",
            equalTo("approveAccessRequest"))
        .body("components.securitySchemes", notNullValue());
  }

  @Test
  void responsesCarryARequestId() {
    given()
        .header("X-Request-Id", "trace-12345678")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .header("X-Request-Id", equalTo("trace-12345678"));
  }
}
