package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is reachable inside a workspace at the fixed endpoint, and the AWS tools work there
 * unchanged: no endpoint option, no profile, no configuration by the user.
 */
@Tag("sandbox")
class BrokerBridgeTest {
  @TempDir Path dir;
  SandboxFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void curlReachesTheBrokerAtTheFixedEndpoint() throws Exception {
    String id = fixture.startWithBroker("curl");

    ExecResult result = fixture.sh(id, "curl -sS -m 30 http://127.0.0.1:9000/hello");

    assertThat(result.stdout()).isEqualTo(FakeBroker.GREETING);
    assertThat(fixture.broker(0).requests()).anyMatch(r -> r.startsWith("GET /hello HTTP/1.1"));
  }

  @Test
  void awsCliListsAndCopiesThroughTheBrokerUnchanged() throws Exception {
    String id = fixture.startWithBroker("awscli");

    ExecResult buckets = aws(id, "aws s3 ls");
    ExecResult keys = aws(id, "aws s3 ls s3://clpsych/");
    ExecResult copy =
        aws(id, "aws s3 cp s3://clpsych/posts.jsonl ~/posts.jsonl && cat ~/posts.jsonl");

    assertThat(buckets.stdout()).as(buckets.stderr()).contains(FakeBroker.BUCKET);
    assertThat(keys.stdout()).as(keys.stderr()).contains(FakeBroker.KEY);
    assertThat(copy.stdout()).as(copy.stderr()).contains(FakeBroker.OBJECT);
    // Path-style requests, signed with SigV4 with the preset credentials and region.
    assertThat(fixture.broker(0).requests())
        .anyMatch(r -> r.startsWith("GET /clpsych?list-type=2"))
        .anyMatch(r -> r.startsWith("GET /clpsych/posts.jsonl"))
        .allMatch(r -> r.contains("Host: 127.0.0.1:9000"))
        .allMatch(r -> r.contains("AWS4-HMAC-SHA256 Credential=AKIDWORKSPACE"))
        .allMatch(r -> r.contains("/eu-west-1/s3/aws4_request"));
  }

  @Test
  void boto3ListsThroughTheBrokerUnchanged() throws Exception {
    String id = fixture.startWithBroker("boto3");

    ExecResult result =
        aws(
            id,
            "python3 -c 'import boto3; s3 = boto3.client(\"s3\");"
                + " print([o[\"Key\"] for o in s3.list_objects_v2(Bucket=\"clpsych\")[\"Contents\"]]);"
                + " print(s3.get_object(Bucket=\"clpsych\", Key=\"posts.jsonl\")[\"Body\"].read().decode())'");

    assertThat(result.stdout()).as(result.stderr()).contains("['posts.jsonl']", FakeBroker.OBJECT);
    assertThat(fixture.broker(0).requests())
        .anyMatch(r -> r.startsWith("GET /clpsych?list-type=2"))
        .allMatch(r -> r.contains("/eu-west-1/s3/aws4_request"));
  }

  @Test
  void workspaceStartsBeforeTheBrokerListensAndReachesItLater() throws Exception {
    String id = SandboxFixture.uniqueId("late");
    fixture.start(fixture.spec(id));
    assertThat(fixture.sh(id, "curl -s -m 10 http://127.0.0.1:9000/").exitCode()).isNotZero();

    try (FakeBroker broker = FakeBroker.listen(fixture.brokerSocket(id))) {
      assertThat(fixture.sh(id, "curl -sS -m 30 http://127.0.0.1:9000/hello").stdout())
          .isEqualTo(FakeBroker.GREETING);
    }
  }

  @Test
  void brokerRecreatingItsSocketIsReachedAgain() throws Exception {
    String id = fixture.startWithBroker("restart");
    fixture.broker(0).close();

    try (FakeBroker again = FakeBroker.listen(fixture.brokerSocket(id))) {
      assertThat(fixture.sh(id, "curl -sS -m 30 http://127.0.0.1:9000/hello").stdout())
          .isEqualTo(FakeBroker.GREETING);
      assertThat(again.requests()).hasSize(1);
    }
  }

  private ExecResult aws(String id, String script) {
    // The AWS CLI starts slowly on a busy machine.
    return fixture.provider.exec(id, ExecRequest.shell(script).withTimeout(Duration.ofMinutes(3)));
  }
}
