package org.enclave.api.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DemoTaskLoaderTest {
  @Inject DemoDataLoader scene;
  @Inject DemoTaskLoader loader;

  @Test
  void loadsTheDemoTaskOnceWithGoldBaselineAndAnOpenPhase() {
    scene.load();
    loader.load();
    assertThat(loader.load()).as("second load is a no-op").isFalse();

    List<Map<String, Object>> tasks =
        as("olga", "organizer").get("/api/v1/tasks").then().statusCode(200).extract().path("$");
    Map<String, Object> task =
        tasks.stream()
            .filter(t -> DemoTaskLoader.TASK.equals(t.get("name")))
            .findFirst()
            .orElseThrow();
    assertThat(task.get("bucket")).isEqualTo("clpsych-synthetic.v1");
    assertThat((List<String>) task.get("organizers")).contains("olga");
    assertThat(task.get("goldUploaded")).isEqualTo(true);
    assertThat(task.get("baselineUploaded")).isEqualTo(true);
    assertThat((List<Map<String, Object>>) task.get("phases"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("open")).isEqualTo(true));

    String id = (String) task.get("id");
    String phase = ((List<Map<String, Object>>) task.get("phases")).get(0).get("id").toString();
    JsonPath board =
        as("olga", "organizer")
            .get("/api/v1/tasks/" + id + "/phases/" + phase + "/leaderboard")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(board.getList("entries.baseline", Boolean.class)).containsExactly(true);
    assertThat(board.getDouble("entries[0].exactScore")).isBetween(0.0, 1.0);
    as("olga", "organizer")
        .get("/api/v1/tasks/" + id + "/gold")
        .then()
        .statusCode(200)
        .body("[0].itemCount", org.hamcrest.Matchers.greaterThan(0));
  }
}
