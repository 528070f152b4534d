package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.junit.jupiter.api.Test;

/**
 * The dataset pages, signed in with the code flow: a steward registers a dataset, makes a draft,
 * uploads a file (streamed, as the page's script sends it), publishes it and the agreement, and
 * reads the transparency report as a page and as JSON; mistakes show next to their fields and store
 * nothing; a path that routing would rewrite and another steward's upload are refused.
 */
@QuarkusTest
class ConsoleDatasetsTest {
  private static final String PAGE = "/console/datasets";

  @TestHTTPResource("/")
  URI base;

  @Test
  void aStewardRegistersUploadsPublishesAndReadsTheTransparencyReport() throws Exception {
    String steward = Api.unique("steward");
    CodeFlowBrowser sam = CodeFlowBrowser.signIn(base, PAGE, steward, "steward");
    String name = Api.unique("posts");

    HttpResponse<String> badName =
        sam.postForm(
            PAGE,
            Map.of("name", "Not A Name", "description", "posts", "tier", "3", "stewards", ""));
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body())
        .contains("id=\"name-error\"", "aria-invalid=\"true\"")
        .contains("value=\"Not A Name\"");
    HttpResponse<String> badTier =
        sam.postForm(
            PAGE, Map.of("name", name, "description", "posts", "tier", "high", "stewards", ""));
    assertThat(badTier.statusCode()).isEqualTo(400);
    assertThat(badTier.body()).contains("must be a number from 0 to 4");
    assertThat(sam.get(PAGE).body()).doesNotContain(">" + name + "<");

    HttpResponse<String> registered =
        sam.postForm(
            PAGE,
            Map.of("name", name, "description", "synthetic posts", "tier", "3", "stewards", ""));
    assertThat(registered.statusCode()).isEqualTo(303);
    String location = registered.headers().firstValue("Location").orElseThrow();
    String datasetId = location.replaceAll(".*/console/datasets/([0-9a-f-]{36}).*", "$1");
    String datasetPage = PAGE + "/" + datasetId;

    assertThat(
            sam.postForm(datasetPage + "/versions", Map.of("label", "v 1", "notes", ""))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            sam.postForm(datasetPage + "/versions", Map.of("label", "v1", "notes", "first"))
                .statusCode())
        .isEqualTo(303);
    String page = sam.get(datasetPage).body();
    String versionId = versionIdOf(page);
    assertThat(page).contains("Upload files into v1", "data-target=\"" + datasetPage);

    byte[] content = "{\"post\":1}\n{\"post\":2}\n".getBytes();
    HttpResponse<String> uploaded = put(sam, datasetPage, versionId, "train/posts.jsonl", content);
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(uploaded.body())
        .contains("\"sha256\":\"" + sha + "\"", "\"sizeBytes\":" + content.length);
    assertThat(sam.get(datasetPage).body()).contains("train/posts.jsonl", sha);

    HttpResponse<String> rewritten =
        put(sam, datasetPage, versionId, "train/../posts.jsonl", content);
    assertThat(rewritten.statusCode()).isEqualTo(400);
    assertThat(rewritten.body()).contains("invalid-file-name", "segments are not allowed");
    assertThat(put(sam, datasetPage, versionId, "../../../x.jsonl", content).statusCode())
        .isBetween(400, 404);
    assertThat(sam.get(datasetPage).body())
        .doesNotContain("x.jsonl")
        .doesNotContain(">posts.jsonl<");
    CodeFlowBrowser other = CodeFlowBrowser.signIn(base, PAGE, "steward-elsewhere", "steward");
    assertThat(put(other, datasetPage, versionId, "train/more.jsonl", content).statusCode())
        .isEqualTo(403);
    assertThat(other.get(datasetPage).body()).doesNotContain("Upload files into");

    assertThat(
            sam.postForm(datasetPage + "/versions/" + versionId + "/publish", Map.of())
                .statusCode())
        .isEqualTo(303);
    assertThat(sam.get(datasetPage + "?done=published").body())
        .contains("The version is published")
        .doesNotContain("Upload files into v1");

    assertThat(sam.postForm(datasetPage + "/agreements", Map.of("text", " ")).statusCode())
        .isEqualTo(400);
    assertThat(
            sam.postForm(datasetPage + "/agreements", Map.of("text", "Use only inside <b>it</b>."))
                .statusCode())
        .isEqualTo(303);
    assertThat(sam.get(datasetPage).body())
        .contains("Version 1, by " + steward)
        .contains("Use only inside &lt;b&gt;it&lt;/b&gt;.")
        .contains("Publish version 2 of the agreement")
        .contains("Nobody: no active grant.");

    HttpResponse<String> report = sam.get(datasetPage + "/transparency");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("Transparency report of " + name, "No grant.");
    HttpResponse<String> json = sam.get(datasetPage + "/transparency.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).startsWith("attachment;"));
    assertThat(json.body()).contains("\"datasetName\":\"" + name + "\"", "signedNote");

    CodeFlowBrowser researcher = CodeFlowBrowser.signIn(base, PAGE, "alice", "researcher");
    assertThat(researcher.get(datasetPage).body())
        .contains("synthetic posts")
        .doesNotContain("Publish the agreement")
        .doesNotContain("Who can read it now");
    assertThat(researcher.get(datasetPage + "/transparency").statusCode()).isEqualTo(403);
  }

  private static HttpResponse<String> put(
      CodeFlowBrowser b, String datasetPage, String versionId, String path, byte[] content)
      throws Exception {
    return b.upload(datasetPage + "/versions/" + versionId + "/files/" + path, content, null);
  }

  private static String versionIdOf(String page) {
    Matcher m = Pattern.compile("id=\"version-([0-9a-f-]{36})\"").matcher(page);
    assertThat(m.find()).as("a version on the page").isTrue();
    return m.group(1);
  }
}
