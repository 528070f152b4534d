package org.enclave.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.workspace.WorkspaceScene.sh;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.workspace.service.WorkspaceHost;
import org.enclave.infra.workspace.ExecResult;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.junit.jupiter.api.Test;

/**
 * The acceptance path, on a real sandbox with the real broker, governance and audit log: a
 * researcher starts a workspace, reads a granted dataset with the AWS CLI inside it, the read is in
 * the audit log; the steward revokes the grant and the next read is refused and logged; after a
 * stop, the workspace's old credentials no longer work.
 */
@QuarkusTest
class WorkspaceEndToEndTest {
  @Inject WorkspaceHost host;

  @Test
  void researcherReadsGrantedDataInsideAWorkspaceUntilTheGrantIsRevoked() throws Exception {
    byte[] posts = posts();
    Map<String, byte[]> files = new TreeMap<>();
    files.put("train/posts.jsonl", posts);
    files.put("README.md", "# synthetic posts\n".getBytes(StandardCharsets.UTF_8));
    WorkspaceScene scene = new WorkspaceScene().withGrantedDataset(files);
    WorkspaceProvider provider = host.provider();

    String id = scene.create();
    WorkspaceScene.start(scene.lead, id)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("RUNNING"))
        .body("startedBy", org.hamcrest.Matchers.equalTo(scene.lead));
    long head = AuditTrail.head();

    ExecResult ls = sh(provider, id, "aws s3 ls && aws s3 ls --recursive s3://" + scene.bucket());
    assertThat(ls.exitCode()).as(ls.stderr()).isZero();
    assertThat(ls.stdout())
        .contains(scene.bucket())
        .contains("train/posts.jsonl")
        .contains("README.md");

    String object = "s3://" + scene.bucket() + "/train/posts.jsonl";
    ExecResult cp = sh(provider, id, "aws s3 cp " + object + " - | sha256sum");
    assertThat(cp.exitCode()).as(cp.stderr()).isZero();
    assertThat(cp.stdout()).startsWith(sha256(posts));
    ExecResult readme = sh(provider, id, "aws s3 cp s3://" + scene.bucket() + "/README.md -");
    assertThat(readme.stdout()).isEqualTo("# synthetic posts\n");

    List<Map<String, Object>> reads =
        AuditTrail.after(head, Map.of("action", "dataset.object.read", "teamId", scene.teamId));
    assertThat(reads)
        .filteredOn(e -> "train/posts.jsonl".equals(e.get("objectKey")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("outcome")).isEqualTo("ALLOW");
              assertThat(e.get("workspaceId")).isEqualTo(id);
              assertThat(e.get("actor")).isEqualTo(scene.lead);
              assertThat(e.get("datasetId")).isEqualTo(scene.datasetId);
              assertThat(((Number) e.get("bytesServed")).longValue()).isEqualTo(posts.length);
            });

    scene.revokeGrant();
    long afterRevoke = AuditTrail.head();
    // aws s3 cp asks HeadObject first, whose refusal has no body: the CLI says "403 Forbidden".
    ExecResult refused = sh(provider, id, "aws s3 cp " + object + " -");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr()).contains("403");
    // A GET's refusal says why.
    ExecResult told =
        sh(
            provider,
            id,
            "aws s3api get-object --bucket "
                + scene.bucket()
                + " --key train/posts.jsonl /dev/stdout");
    assertThat(told.exitCode()).isNotZero();
    assertThat(told.stderr()).contains("AccessDenied").contains("grant").contains("revoked");
    List<Map<String, Object>> denied =
        AuditTrail.after(afterRevoke, Map.of("outcome", "DENY", "teamId", scene.teamId));
    assertThat(denied)
        .extracting(e -> e.get("action"))
        .contains("dataset.object.stat", "dataset.object.read");
    assertThat(denied)
        .allSatisfy(
            e -> {
              assertThat(e.get("workspaceId")).isEqualTo(id);
              assertThat(String.valueOf(e.get("reason"))).contains("revoked");
            });

    String oldKey = sh(provider, id, "printenv AWS_ACCESS_KEY_ID").stdout().trim();
    String oldSecret = sh(provider, id, "printenv AWS_SECRET_ACCESS_KEY").stdout().trim();
    assertThat(oldKey).startsWith("EKIA");
    WorkspaceScene.stop(scene.lead, "researcher", id).then().statusCode(200);
    assertThat(provider.status(id).running()).isFalse();
    assertThat(host.brokerSocket(id)).doesNotExist();

    WorkspaceScene.start(scene.lead, id).then().statusCode(200);
    String newKey = sh(provider, id, "printenv AWS_ACCESS_KEY_ID").stdout().trim();
    assertThat(newKey).startsWith("EKIA").isNotEqualTo(oldKey);
    ExecResult withOldKey =
        sh(
            provider,
            id,
            "AWS_ACCESS_KEY_ID=" + oldKey + " AWS_SECRET_ACCESS_KEY=" + oldSecret + " aws s3 ls");
    assertThat(withOldKey.exitCode()).isNotZero();
    assertThat(withOldKey.stderr()).contains("InvalidAccessKeyId");
    ExecResult withNewKey = sh(provider, id, "aws s3 ls");
    assertThat(withNewKey.exitCode()).as(withNewKey.stderr()).isZero();
    assertThat(withNewKey.stdout()).doesNotContain(scene.bucket());

    WorkspaceScene.terminate(scene.lead, id).then().statusCode(200);
  }

  /** About 200 KB of posts, so that the object streams in several chunks. */
  private static byte[] posts() {
    Random random = new Random(7);
    StringBuilder b = new StringBuilder();
    while (b.length() < 200_000) {
      b.append("{\"user\":")
          .append(random.nextInt(1000))
          .append(",\"text\":\"")
          .append(Long.toString(random.nextLong(), 36).repeat(3))
          .append("\"}\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
