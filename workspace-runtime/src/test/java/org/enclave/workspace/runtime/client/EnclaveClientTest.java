package org.enclave.workspace.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real S3 server that checks our SigV4 signatures. */
class EnclaveClientTest {
  static final String BUCKET = "clpsych-synthetic.v1";
  static final byte[] BIG = new byte[3 * 1024 * 1024 + 17];

  static S3Fixture s3;
  static EnclaveClient client;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3Fixture();
    s3.bucket(BUCKET);
    s3.bucket("other.v2");
    new Random(7).nextBytes(BIG);
    s3.put(BUCKET, "README.md", "# synthetic posts\nline two\n");
    s3.put(BUCKET, "big.bin", BIG);
    for (int i = 0; i < 5; i++) {
      s3.put(BUCKET, "train/part-" + i + ".jsonl", "{\"id\": " + i + "}\n");
    }
    s3.put(
        BUCKET,
        "test/posts.jsonl",
        "{\"id\": 1, \"text\": \"héllo\"}\r\n\n{\"id\": 2, \"text\": null}");
    s3.put(BUCKET, "test/bad.jsonl", "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3,}\n");
    s3.put(BUCKET, "test/array.jsonl", "[1, 2]\n");
    s3.put(BUCKET, "odd keys/a b+c=d ü 日本 (1).txt", "odd");
    s3.put(BUCKET, "dots/../x", "dots");
    client = new EnclaveClient(s3.enclaveEnvironment(), 2);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void datasetsAreTheBuckets() {
    assertThat(client.datasets()).extracting(Dataset::bucket).contains(BUCKET, "other.v2");
    assertThat(client.datasets()).allSatisfy(d -> assertThat(d.created()).isNotNull());
  }

  @Test
  void listFollowsContinuationTokensAcrossPages() {
    List<ObjectInfo> all = client.list(BUCKET);
    assertThat(all)
        .extracting(ObjectInfo::key)
        .contains("README.md", "train/part-4.jsonl", "big.bin");
    assertThat(all).hasSize(12);
    assertThat(all).extracting(ObjectInfo::key).doesNotHaveDuplicates().isSorted();
    assertThat(all.stream().filter(o -> o.key().equals("big.bin")).findFirst().orElseThrow().size())
        .isEqualTo(BIG.length);
  }

  @Test
  void listTakesAPrefix() {
    assertThat(client.list(BUCKET, "train/"))
        .extracting(ObjectInfo::key)
        .containsExactly(
            "train/part-0.jsonl",
            "train/part-1.jsonl",
            "train/part-2.jsonl",
            "train/part-3.jsonl",
            "train/part-4.jsonl");
  }

  @Test
  void browseGroupsFoldersAcrossPages() {
    Listing top = client.browse(BUCKET);
    assertThat(top.folders()).containsExactly("dots/", "odd keys/", "test/", "train/");
    assertThat(top.files()).extracting(ObjectInfo::key).containsExactly("README.md", "big.bin");
    Listing train = client.browse(BUCKET, "train/");
    assertThat(train.folders()).isEmpty();
    assertThat(train.files()).hasSize(5);
  }

  @Test
  void openStreamsTheWholeObject() throws Exception {
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    MessageDigest actual = MessageDigest.getInstance("SHA-256");
    try (InputStream in = client.open(BUCKET, "big.bin")) {
      byte[] buf = new byte[8192];
      int n;
      long total = 0;
      while ((n = in.read(buf)) > 0) {
        actual.update(buf, 0, n);
        total += n;
      }
      assertThat(total).isEqualTo(BIG.length);
    }
    assertThat(actual.digest()).isEqualTo(expected.digest(BIG));
  }

  @Test
  void openReadsARange() throws Exception {
    try (InputStream in = client.open(BUCKET, "big.bin", 1_000_000, 10)) {
      byte[] part = in.readAllBytes();
      assertThat(part).hasSize(10);
      for (int i = 0; i < 10; i++) {
        assertThat(part[i]).isEqualTo(BIG[1_000_000 + i]);
      }
    }
    try (InputStream in = client.open(BUCKET, "big.bin", BIG.length - 3, 100)) {
      assertThat(in.readAllBytes()).hasSize(3);
    }
  }

  @Test
  void rangePastTheEndIsInvalidRange() {
    assertThatThrownBy(() -> client.open(BUCKET, "README.md", 10_000, 5))
        .isInstanceOfSatisfying(
            BrokerException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidRange");
              assertThat(e.status()).isEqualTo(416);
            });
  }

  @Test
  void keysWithAwkwardCharactersRoundTrip() {
    assertThat(client.text(BUCKET, "odd keys/a b+c=d ü 日本 (1).txt")).isEqualTo("odd");
    assertThat(client.text(BUCKET, "dots/../x")).isEqualTo("dots");
    assertThat(client.list(BUCKET, "odd keys/"))
        .extracting(ObjectInfo::key)
        .containsExactly("odd keys/a b+c=d ü 日本 (1).txt");
  }

  @Test
  void linesStreamsTextLines() {
    try (Records<String> lines = client.lines(BUCKET, "README.md")) {
      assertThat(lines.toList()).containsExactly("# synthetic posts", "line two");
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(client.lines(BUCKET, "test/posts.jsonl").toList())
        .containsExactly("{\"id\": 1, \"text\": \"héllo\"}", "", "{\"id\": 2, \"text\": null}");
  }

  @Test
  void jsonlIteratesRecordsAsMaps() {
    List<Map<String, Object>> records = client.jsonl(BUCKET, "test/posts.jsonl").toList();
    Map<String, Object> second = new HashMap<>();
    second.put("id", 2L);
    second.put("text", null);
    assertThat(records).containsExactly(Map.of("id", 1L, "text", "héllo"), second);
    int n = 0;
    for (Map<String, Object> r : client.jsonl(BUCKET, "train/part-3.jsonl")) {
      assertThat(r).containsEntry("id", 3L);
      n++;
    }
    assertThat(n).isEqualTo(1);
    assertThat(client.jsonl(BUCKET, "test/posts.jsonl").stream().count()).isEqualTo(2);
  }

  @Test
  void jsonlNamesTheFileAndLineOfABadRecord() {
    Records<Map<String, Object>> records = client.jsonl(BUCKET, "test/bad.jsonl");
    assertThatThrownBy(records::toList)
        .isInstanceOf(EnclaveException.class)
        .hasMessageStartingWith(BUCKET + "/test/bad.jsonl, line 3: ");
    assertThatThrownBy(() -> client.jsonl(BUCKET, "test/array.jsonl").toList())
        .hasMessage(BUCKET + "/test/array.jsonl, line 1: expected a JSON object, found an array");
  }

  @Test
  void recordsAreReadOnce() {
    Records<String> lines = client.lines(BUCKET, "README.md");
    assertThat(lines.take(1)).containsExactly("# synthetic posts");
    assertThatThrownBy(lines::toList)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only once");
  }

  @Test
  void statGivesSizeDateAndTag() {
    ObjectInfo info = client.stat(BUCKET, "README.md");
    assertThat(info.size()).isEqualTo(27);
    assertThat(info.lastModified()).isNotNull();
    assertThat(info.etag()).isNotBlank().doesNotContain("\"");
  }

  @Test
  void missingFileIsNoSuchKey() {
    assertThatThrownBy(() -> client.text(BUCKET, "no/such.txt"))
        .isInstanceOfSatisfying(
            BrokerException.class,
            e -> {
              assertThat(e.code()).isEqualTo("NoSuchKey");
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.getMessage())
                  .startsWith("NoSuchKey: ")
                  .contains("read " + BUCKET + "/no/such.txt, HTTP 404");
            });
    assertThatThrownBy(() -> client.stat(BUCKET, "no/such.txt"))
        .isInstanceOfSatisfying(
            BrokerException.class, e -> assertThat(e.code()).isEqualTo("NotFound"));
  }

  @Test
  void missingBucketIsNoSuchBucket() {
    assertThatThrownBy(() -> client.list("never.granted"))
        .isInstanceOfSatisfying(
            BrokerException.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatch() {
    Map<String, String> env = new HashMap<>(s3.environment());
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    EnclaveClient wrong = new EnclaveClient(EnclaveEnvironment.from(env));
    assertThatThrownBy(wrong::datasets)
        .isInstanceOfSatisfying(
            BrokerException.class,
            e -> {
              assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
              assertThat(e.status()).isEqualTo(403);
            });
  }

  @Test
  void unknownKeyIsInvalidAccessKeyId() {
    Map<String, String> env = new HashMap<>(s3.environment());
    env.put("AWS_ACCESS_KEY_ID", "EKIAUNKNOWN");
    EnclaveClient wrong = new EnclaveClient(EnclaveEnvironment.from(env));
    assertThatThrownBy(() -> wrong.text(BUCKET, "README.md"))
        .isInstanceOfSatisfying(
            BrokerException.class, e -> assertThat(e.code()).isEqualTo("InvalidAccessKeyId"));
  }

  @Test
  void unreachableBrokerSaysWhere() {
    Map<String, String> env = new HashMap<>(s3.environment());
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    EnclaveClient nowhere = new EnclaveClient(EnclaveEnvironment.from(env));
    assertThatThrownBy(nowhere::datasets)
        .isInstanceOf(EnclaveException.class)
        .hasMessageStartingWith(
            "cannot reach the data broker at http://127.0.0.1:1 (list datasets)");
  }

  @Test
  void emptyNamesAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> client.open(BUCKET, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the key must not be empty");
    assertThatThrownBy(() -> client.open(BUCKET, "README.md", -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
