package org.enclave.api.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.ChannelClient;
import org.enclave.api.support.ChannelClient.Answer;
import org.enclave.api.support.CodeFlowBrowser;
import org.enclave.api.support.ExportRequests;
import org.enclave.api.workspace.WorkspaceScene;
import org.junit.jupiter.api.Test;

/**
 * A reviewer's view of each file is data, never markup that runs: text and tables escaped, images
 * and PDF pages as pictures, models not shown, under a policy that allows no script; the team
 * cannot use it to see its unreleased files.
 */
@QuarkusTest
class ExportFileViewTest {

  @TestHTTPResource("/")
  URI base;

  @Test
  void eachKindIsShownAsDataToAReviewerOnly() throws Exception {
    WorkspaceScene scene =
        new WorkspaceScene()
            .withGrantedDataset(
                Map.of("train/posts.jsonl", "{\"post_id\":\"p1\",\"body\":\"x\"}\n".getBytes()));
    ChannelClient ws = ExportRequests.workspace(scene.teamId, scene.lead);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("notes.md", "<script>alert(1)</script> & more".getBytes(StandardCharsets.UTF_8));
    files.put("t.csv", "a,b\n\"<b>x</b>\",2\n".getBytes(StandardCharsets.UTF_8));
    files.put("paper.pdf", ExportFileChecksTest.pdf("page one", "page two"));
    files.put("fig.png", ExportFileChecksTest.png("A FIGURE"));
    files.put("m.safetensors", ExportFileChecksTest.safetensors());
    Map<String, String> ids = new LinkedHashMap<>();
    Answer filed = ExportRequests.file(ws, files, "j", null);
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    String id = filed.json().getString("id");
    List<Map<String, Object>> listed = filed.json().getList("files");
    listed.forEach(f -> ids.put((String) f.get("name"), (String) f.get("id")));

    CodeFlowBrowser oscar =
        CodeFlowBrowser.signIn(base, "/console", Api.unique("oscar"), "output-checker");
    String view = "/console/exports/" + id + "/files/";
    long head = AuditTrail.head();

    HttpResponse<String> text = oscar.get(view + ids.get("notes.md") + "/view");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
    assertThat(text.body()).doesNotContain("<script>");
    assertThat(text.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'");

    HttpResponse<String> table = oscar.get(view + ids.get("t.csv") + "/view");
    assertThat(table.body()).contains("<td>&lt;b&gt;x&lt;/b&gt;</td>");

    HttpResponse<String> pdf = oscar.get(view + ids.get("paper.pdf") + "/view");
    assertThat(pdf.body()).contains("Page 1", "Page 2").contains("src=\"data:image/png;base64,");

    HttpResponse<String> png = oscar.get(view + ids.get("fig.png") + "/view");
    assertThat(png.body()).contains("id=\"image\" src=\"data:image/png;base64,");

    HttpResponse<String> model = oscar.get(view + ids.get("m.safetensors") + "/view");
    assertThat(model.body()).contains("id=\"not-shown\"").contains("safetensors model");

    assertThat(AuditTrail.after(head, Map.of("teamId", scene.teamId)))
        .filteredOn(e -> "export.inspected".equals(e.get("action")))
        .hasSize(5)
        .allSatisfy(e -> assertThat(e.get("outcome")).isEqualTo("ALLOW"));

    // The team's own researchers cannot view an unreleased file this way.
    CodeFlowBrowser lead = CodeFlowBrowser.signIn(base, "/console", scene.lead, "researcher");
    assertThat(lead.get(view + ids.get("notes.md") + "/view").statusCode()).isEqualTo(403);
  }
}
