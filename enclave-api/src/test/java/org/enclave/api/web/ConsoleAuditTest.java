package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.support.Api;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.workspace.WorkspaceScene;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.infra.workspace.ExecResult;
import org.junit.jupiter.api.Test;

/**
 * The audit page: a dataset read made inside a workspace shows to the steward, newest first, with
 * who, team, workspace, object and bytes; filters and paging by log index; roles without audit
 * rights are refused.
 */
@QuarkusTest
class ConsoleAuditTest {
  private static final String PAGE = "/console/audit";
  private static final byte[] POSTS =
      "{\"id\":1,\"text\":\"hello\"}\n{\"id\":2,\"text\":\"world\"}\n"
          .getBytes(StandardCharsets.UTF_8);

  @TestHTTPResource("/")
  URI base;

  @Inject WorkspaceHost host;

  @Test
  void stewardSeesTheDatasetReadNewestFirst() throws Exception {
    WorkspaceScene scene =
        new WorkspaceScene().withGrantedDataset(Map.of("train/posts.jsonl", POSTS));
    String id = scene.running();
    ExecResult read =
        WorkspaceScene.sh(
            host.provider(), id, "aws s3 cp s3://" + scene.bucket() + "/train/posts.jsonl - ");
    assertThat(read.exitCode()).as(read.stderr()).isZero();

    CodeFlowBrowser sam = CodeFlowBrowser.signIn(base, PAGE, scene.steward, "steward");
    HttpResponse<String> page =
        sam.get(PAGE + "?action=dataset.object.read&dataset=" + scene.datasetId);
    assertThat(page.statusCode()).isEqualTo(200);
    String body = page.body();
    String row = firstRow(body);
    assertThat(row)
        .contains("<td>" + scene.lead + "</td>")
        .contains("<td>dataset.object.read</td>")
        .contains("<td>" + id + "</td>")
        .contains("<td>train/posts.jsonl</td>")
        .contains("<td>" + POSTS.length + "</td>")
        .contains("<td>ALLOW</td>");
    assertThat(body).contains("<option value=\"" + scene.datasetId + "\" selected>");
    assertThat(body).doesNotContain("hello").doesNotContain("world");

    HttpResponse<String> denied =
        sam.get(PAGE + "?outcome=DENY&action=dataset.object.read&dataset=" + scene.datasetId);
    assertThat(denied.body()).contains("No events match.");
  }

  @Test
  void pagesGoOlderByLogIndex() throws Exception {
    CodeFlowBrowser audrey = CodeFlowBrowser.signIn(base, PAGE, "audrey", "auditor");
    for (int i = 0; i < ConsoleAudit.PAGE + 1; i++) {
      new WorkspaceScene(); // each records a team.create
    }
    HttpResponse<String> first = audrey.get(PAGE + "?action=team.create");
    long[] firstIndexes = indexes(first.body());
    assertThat(firstIndexes).hasSize(ConsoleAudit.PAGE);
    for (int i = 1; i < firstIndexes.length; i++) {
      assertThat(firstIndexes[i]).isLessThan(firstIndexes[i - 1]);
    }
    Matcher older = Pattern.compile("id=\"older\" href=\"([^\"]+)\"").matcher(first.body());
    assertThat(older.find()).isTrue();
    String next = older.group(1).replace("&amp;", "&");
    assertThat(next).contains("before=" + firstIndexes[firstIndexes.length - 1]);
    long[] second = indexes(audrey.get(next).body());
    assertThat(second).isNotEmpty();
    assertThat(second[0]).isLessThan(firstIndexes[firstIndexes.length - 1]);
  }

  @Test
  void badFilterIsShownOnThePage() throws Exception {
    CodeFlowBrowser audrey = CodeFlowBrowser.signIn(base, PAGE, "audrey", "auditor");
    HttpResponse<String> r = audrey.get(PAGE + "?outcome=MAYBE&before=x");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("role=\"alert\"").doesNotContain("Exception");
  }

  @Test
  void researchersAndOrganizersAreRefused() throws Exception {
    CodeFlowBrowser alice = CodeFlowBrowser.signIn(base, PAGE, Api.unique("r"), "researcher");
    assertThat(alice.get(PAGE).statusCode()).isEqualTo(403);
    CodeFlowBrowser olga = CodeFlowBrowser.signIn(base, PAGE, "olga", "organizer");
    assertThat(olga.get(PAGE).statusCode()).isEqualTo(403);
  }

  private static String firstRow(String page) {
    Matcher m =
        Pattern.compile("<tr class=\"event\"[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as("an event row in %s", page).isTrue();
    return m.group(1);
  }

  private static long[] indexes(String page) {
    Matcher m = Pattern.compile(">(\\d+)</a></td>\\s*</tr>").matcher(page);
    return m.results().mapToLong(r -> Long.parseLong(r.group(1))).toArray();
  }
}
