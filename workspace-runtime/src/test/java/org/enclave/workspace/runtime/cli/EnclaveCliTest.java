package org.enclave.workspace.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.enclave.workspace.runtime.client.EnclaveClient;
import org.enclave.workspace.runtime.client.EnclaveEnvironment;
import org.enclave.workspace.runtime.client.S3Fixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnclaveCliTest {
  static S3Fixture s3;

  record Run(int status, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3Fixture();
    s3.bucket("clpsych-synthetic.v1");
    s3.put("clpsych-synthetic.v1", "README.md", "hello\n");
    s3.put("clpsych-synthetic.v1", "train/posts.jsonl", "{\"id\": 1}\n");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new EnclaveCli(
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                e -> new EnclaveClient(EnclaveEnvironment.from(e)))
            .run(args);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run run(String... args) {
    return run(s3.environment(), args);
  }

  @Test
  void datasetsListsTheBuckets() {
    Run r = run("datasets");
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("BUCKET").contains("clpsych-synthetic.v1");
  }

  @Test
  void lsShowsFoldersAndFiles() {
    Run r = run("ls", "clpsych-synthetic.v1");
    assertThat(r.status()).isZero();
    assertThat(r.out()).containsPattern("PRE  train/").containsPattern("\\s6  README.md");
    assertThat(run("ls", "clpsych-synthetic.v1", "train").out()).contains("train/posts.jsonl");
  }

  @Test
  void aBucketAndPathTakeTheFormAwsS3LsTakes() {
    for (String at :
        new String[] {"clpsych-synthetic.v1/train/", "s3://clpsych-synthetic.v1/train"}) {
      Run r = run("ls", at);
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.out()).contains("train/posts.jsonl").doesNotContain("README.md");
    }
    assertThat(run("ls", "clpsych-synthetic.v1/").out()).contains("README.md");
    Run cat = run("cat", "clpsych-synthetic.v1/train/posts.jsonl");
    assertThat(cat.status()).as(cat.err()).isZero();
    assertThat(cat.out()).isEqualTo("{\"id\": 1}\n");
    Run both = run("cat", "clpsych-synthetic.v1/train", "posts.jsonl");
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("give BUCKET PATH or BUCKET/PATH, not both");
  }

  @Test
  void catWritesTheBytes() {
    Run r = run("cat", "clpsych-synthetic.v1", "train/posts.jsonl");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo("{\"id\": 1}\n");
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("datasets", "ls BUCKET [PREFIX]", "cat BUCKET KEY");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run().status()).isEqualTo(2);
    Run unknown = run("upload", "x");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("enclave: unknown command 'upload'");
    Run missing = run("cat", "clpsych-synthetic.v1");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("enclave: usage: enclave cat BUCKET KEY (or BUCKET/KEY)\n");
    Run none = run("cat");
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("usage: enclave cat BUCKET KEY\n");
  }

  @Test
  void brokerRefusalsExitWithOneAndTheReason() {
    Run r = run("cat", "clpsych-synthetic.v1", "no/such.txt");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("enclave: NoSuchKey: ").contains("HTTP 404");
  }

  @Test
  void outsideAWorkspaceItSaysWhatIsMissing() {
    Run r = run(Map.of(), "datasets");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "enclave: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are not set");
  }
}
