package org.enclave.api.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.enclave.audit.AuditOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as the AWS CLI sees it (botocore's own SigV4 signer and presigner, path-style
 * addressing as the workspace sets it up). Skipped where the {@code aws} command is not installed
 * (Debian package {@code awscli}).
 */
class AwsCliCrossCheckTest {
  @TempDir static Path dir;
  static BrokerHarness broker;
  static WorkspaceCredentials creds;
  static byte[] posts;

  @BeforeAll
  static void start() throws IOException {
    assertThat(awsCliPresent())
        .as("the aws command is not installed; ./enclave test installs awscli (OS_PACKAGES)")
        .isTrue();
    broker = new BrokerHarness(dir);
    posts = "{\"id\":1}\n{\"id\":2}\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> files = new TreeMap<>();
    files.put("train/posts.jsonl", posts);
    files.put("train/labels.tsv", "u\tl\n".getBytes(StandardCharsets.UTF_8));
    files.put("README.md", "# readme\n".getBytes(StandardCharsets.UTF_8));
    broker.bucket("posts.v1", files);
    creds = broker.endpoints.openLoopback(BrokerHarness.workspace("ws-cli"), 0);
    Files.writeString(
        dir.resolve("aws-config"),
        "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n  signature_version = s3v4\n");
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void listsBucketsAndObjects() throws Exception {
    assertThat(aws("s3api", "list-buckets", "--query", "Buckets[].Name", "--output", "text").out)
        .contains("posts.v1");
    String ls = aws("s3", "ls", "--recursive", "s3://posts.v1/").out;
    assertThat(ls).contains("train/posts.jsonl").contains("train/labels.tsv").contains("README.md");
    String paged =
        aws(
                "s3api",
                "list-objects-v2",
                "--bucket",
                "posts.v1",
                "--page-size",
                "1",
                "--query",
                "Contents[].Key",
                "--output",
                "text")
            .out;
    assertThat(paged.trim().split("\\s+"))
        .containsExactly("README.md", "train/labels.tsv", "train/posts.jsonl");
    assertThat(aws("s3", "ls", "s3://posts.v1/").out).contains("PRE train/");
  }

  @Test
  void copiesWholeAndRangedObjects() throws Exception {
    Path out = dir.resolve("posts.jsonl");
    aws("s3", "cp", "s3://posts.v1/train/posts.jsonl", out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(posts);
    Path part = dir.resolve("part");
    aws(
        "s3api",
        "get-object",
        "--bucket",
        "posts.v1",
        "--key",
        "train/posts.jsonl",
        "--range",
        "bytes=-10",
        part.toString());
    assertThat(Files.readAllBytes(part))
        .isEqualTo(java.util.Arrays.copyOfRange(posts, posts.length - 10, posts.length));
    assertThat(broker.sink.last().rangeFirst()).isEqualTo(posts.length - 10L);
  }

  @Test
  void presignedUrlFromTheCliWorks() throws Exception {
    String url = aws("s3", "presign", "s3://posts.v1/README.md", "--expires-in", "300").out.trim();
    assertThat(url).contains("X-Amz-Signature=");
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    assertThat(c.getResponseCode()).isEqualTo(200);
    try (InputStream in = c.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("# readme\n");
    }
  }

  @Test
  void uploadsAndDeletesAreRefused() throws Exception {
    Path local = dir.resolve("upload.txt");
    Files.writeString(local, "x");
    Result put = run("s3", "cp", local.toString(), "s3://posts.v1/upload.txt");
    assertThat(put.exit).isNotZero();
    assertThat(put.err).contains("AccessDenied");
    assertThat(broker.sink.last().outcome()).isEqualTo(AuditOutcome.DENY);
    Result rm = run("s3", "rm", "s3://posts.v1/README.md");
    assertThat(rm.exit).isNotZero();
    assertThat(rm.err).contains("AccessDenied");
  }

  @Test
  void wrongSecretIsRefused() throws Exception {
    Result r = run(Map.of("AWS_SECRET_ACCESS_KEY", "x".repeat(40)), "s3", "ls", "s3://posts.v1/");
    assertThat(r.exit).isNotZero();
    assertThat(r.err).contains("SignatureDoesNotMatch");
  }

  record Result(int exit, String out, String err) {}

  private static Result aws(String... args) throws Exception {
    Result r = run(args);
    assertThat(r.exit).as(r.err).isZero();
    return r;
  }

  private static Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private static Result run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", creds.endpoint()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("AWS_"));
    e.put("AWS_ACCESS_KEY_ID", creds.accessKeyId());
    e.put("AWS_SECRET_ACCESS_KEY", creds.secretAccessKey());
    e.put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
    e.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    e.putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static boolean awsCliPresent() {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
