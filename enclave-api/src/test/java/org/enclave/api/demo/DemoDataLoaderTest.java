package org.enclave.api.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DemoDataLoaderTest {
  @Inject DemoDataLoader loader;

  @Test
  void loadsTheDemoSceneOnceAndKeepsGoldApart() {
    loader.load();
    assertThat(loader.load()).as("second load is a no-op").isFalse();

    List<Map<String, Object>> datasets =
        as("sam", "steward").get("/api/v1/datasets").then().statusCode(200).extract().path("$");
    Map<String, Object> inputs = find(datasets, DemoDataLoader.DATASET);
    Map<String, Object> gold = find(datasets, DemoDataLoader.GOLD_DATASET);
    assertThat((List<String>) inputs.get("stewards")).contains("sam");

    String inputsId = (String) inputs.get("id");
    String versionId =
        as("sam", "steward")
            .get("/api/v1/datasets/" + inputsId + "/versions")
            .then()
            .statusCode(200)
            .extract()
            .path("[0].id");
    List<String> paths =
        as("alice", "researcher")
            .get("/api/v1/datasets/" + inputsId + "/versions/" + versionId + "/files")
            .then()
            .statusCode(200)
            .extract()
            .path("path");
    assertThat(paths)
        .contains("README.md", "train/posts.jsonl", "train/labels.tsv", "test/posts.jsonl")
        .noneMatch(p -> p.startsWith("gold/"));

    String goldId = (String) gold.get("id");
    String goldVersion =
        as("sam", "steward")
            .get("/api/v1/datasets/" + goldId + "/versions")
            .then()
            .extract()
            .path("[0].id");
    assertThat(
            (List<String>)
                as("sam", "steward")
                    .get("/api/v1/datasets/" + goldId + "/versions/" + goldVersion + "/files")
                    .then()
                    .extract()
                    .path("path"))
        .containsExactlyInAnyOrder("gold/labels.tsv", "gold/evidence.tsv");

    List<String> pendingTeams =
        as("sam", "steward")
            .get("/api/v1/access-requests?status=PENDING&datasetId=" + inputsId)
            .then()
            .statusCode(200)
            .extract()
            .path("requestedBy");
    assertThat(pendingTeams).containsExactlyInAnyOrder("alice", "carol");
  }

  private static Map<String, Object> find(List<Map<String, Object>> datasets, String name) {
    return datasets.stream()
        .filter(d -> name.equals(d.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dataset " + name));
  }
}
