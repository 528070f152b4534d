package org.enclave.infra.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.enclave.infra.aws.s3.S3TestServer.header;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.enclave.infra.storage.ObjectTooLargeException;
import org.enclave.infra.storage.StoredObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpRequest;

class S3ObjectStoreTest {
  private static final String KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/test-key";
  private static final String HELLO_SHA256 =
      "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
  private static final int MIB = 1024 * 1024;

  private static S3TestServer server;
  private static int buckets;
  private String bucket;
  private S3ObjectStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3TestServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void createBucket() {
    bucket = "data-" + ++buckets;
    server.bucket(bucket);
    store = new S3ObjectStore(server.s3, bucket, "enclave/", KMS_KEY, S3ObjectStore.MIN_PART_SIZE);
  }

  @Test
  void smallObjectGoesUpInOnePutWithSseKmsAndItsSha256() throws Exception {
    StoredObject stored = store.put("datasets/clpsych/train.jsonl", utf8("hello world"), 1024);

    assertThat(stored.size()).isEqualTo(11);
    assertThat(stored.sha256()).isEqualTo(HELLO_SHA256);
    assertThat(read(store.open("datasets/clpsych/train.jsonl"))).isEqualTo("hello world");
    StoredObject stat = store.stat("datasets/clpsych/train.jsonl").orElseThrow();
    assertThat(stat.size()).isEqualTo(11);
    assertThat(stat.sha256()).isEqualTo(HELLO_SHA256);
    assertThat(stat.lastModified()).isEqualTo(stored.lastModified());

    List<SdkHttpRequest> puts = server.requests("PUT", null);
    assertThat(puts).hasSize(1);
    SdkHttpRequest put = puts.get(0);
    assertThat(put.encodedPath()).isEqualTo("/" + bucket + "/enclave/datasets/clpsych/train.jsonl");
    assertSseKms(put);
    assertThat(header(put, "x-amz-checksum-sha256"))
        .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(HELLO_SHA256)));
    assertThat(header(put, "x-amz-meta-sha256")).isEqualTo(HELLO_SHA256);
    assertThat(server.requests("POST", "uploads")).isEmpty();
  }

  @Test
  void largeObjectGoesUpInPartsEachWithItsOwnSha256() throws Exception {
    byte[] content = random(11 * MIB);

    StoredObject stored = store.put("big.bin", new ByteArrayInputStream(content), 64 * MIB);

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(stored.sha256()).isEqualTo(hex(sha256(content)));
    assertThat(store.open("big.bin").orElseThrow().readAllBytes()).isEqualTo(content);
    assertThat(store.stat("big.bin").orElseThrow().sha256()).isEqualTo(stored.sha256());

    SdkHttpRequest create = server.requests("POST", "uploads").get(0);
    assertSseKms(create);
    assertThat(header(create, "x-amz-checksum-algorithm")).isEqualTo("SHA256");
    List<SdkHttpRequest> parts = server.requests("PUT", "uploadId");
    assertThat(parts).hasSize(3);
    int[][] slices = {{0, 5 * MIB}, {5 * MIB, 10 * MIB}, {10 * MIB, 11 * MIB}};
    for (int i = 0; i < 3; i++) {
      assertThat(parts.get(i).rawQueryParameters().get("partNumber")).containsExactly("" + (i + 1));
      assertThat(header(parts.get(i), "x-amz-checksum-sha256"))
          .isEqualTo(base64(sha256(Arrays.copyOfRange(content, slices[i][0], slices[i][1]))));
    }
    assertThat(server.requests("POST", "uploadId")).hasSize(1);
    // S3 keeps no whole-object SHA-256 for a multipart object; the store copies it onto itself.
    SdkHttpRequest copy =
        server.requests("PUT", null).stream()
            .filter(r -> r.firstMatchingHeader("x-amz-copy-source").isPresent())
            .findFirst()
            .orElseThrow();
    assertThat(header(copy, "x-amz-metadata-directive")).isEqualTo("REPLACE");
    assertThat(header(copy, "x-amz-meta-sha256")).isEqualTo(stored.sha256());
    assertSseKms(copy);
    assertThat(server.requests("DELETE", "uploadId")).isEmpty();
  }

  @Test
  void oversizedMultipartUploadIsAbortedAndLeavesNothing() throws Exception {
    assertThatThrownBy(
            () -> store.put("big.bin", new ByteArrayInputStream(random(11 * MIB)), 7 * MIB))
        .isInstanceOf(ObjectTooLargeException.class);

    assertThat(server.requests("DELETE", "uploadId")).hasSize(1);
    assertThat(store.stat("big.bin")).isEmpty();
    assertThat(server.s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void pendingUploadsAreVisibleToTheChecksAbove() {
    // Guards the "no pending upload" assertions: s3proxy's listing must see one that exists.
    String id = server.s3.createMultipartUpload(b -> b.bucket(bucket).key("pending")).uploadId();
    assertThat(server.s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);
    server.s3.abortMultipartUpload(b -> b.bucket(bucket).key("pending").uploadId(id));
  }

  @Test
  void oversizedSmallObjectIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> store.put("small", utf8("hello world"), 10))
        .isInstanceOf(ObjectTooLargeException.class);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void failingContentAbortsTheMultipartUpload() throws Exception {
    InputStream failing =
        new InputStream() {
          private int left = 6 * MIB;

          @Override
          public int read() throws IOException {
            if (left-- <= 0) {
              throw new IOException("client went away");
            }
            return 7;
          }
        };

    assertThatThrownBy(() -> store.put("broken", failing, 64 * MIB))
        .isInstanceOf(IOException.class)
        .hasMessage("client went away");

    assertThat(store.stat("broken")).isEmpty();
    assertThat(server.s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void rangedReadsSendARangeAndEndAtTheObject() throws Exception {
    store.put("k", utf8("hello world"), 1024);
    server.requests.clear();

    assertThat(read(store.open("k", 6, 5))).isEqualTo("world");
    assertThat(header(server.requests.get(0), "Range")).isEqualTo("bytes=6-10");
    assertThat(read(store.open("k", 2, 3))).isEqualTo("llo");
    assertThat(read(store.open("k", 6, 100))).isEqualTo("world");
    assertThat(read(store.open("k", 0, Long.MAX_VALUE))).isEqualTo("hello world");
    assertThat(read(store.open("k", 11, 5))).isEmpty();
    assertThat(read(store.open("k", 50, 5))).isEmpty();
    assertThat(read(store.open("k", 3, 0))).isEmpty();
    assertThat(store.open("missing", 0, 1)).isEmpty();
    assertThat(store.open("missing", 0, 0)).isEmpty();
    assertThatThrownBy(() -> store.open("k", -1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingObjectsAreEmptyAndDeletingThemIsFine() throws Exception {
    assertThat(store.open("missing")).isEmpty();
    assertThat(store.stat("missing")).isEmpty();
    store.delete("missing");

    store.put("k", utf8("x"), 10);
    store.delete("k");
    assertThat(store.stat("k")).isEmpty();
    assertThat(store.open("k")).isEmpty();
  }

  @Test
  void listsItsOwnObjectsUnderAPrefixSortedAcrossPages() throws Exception {
    S3ObjectStore paged =
        new S3ObjectStore(server.s3, bucket, "enclave/", KMS_KEY, S3ObjectStore.MIN_PART_SIZE, 2);
    for (String key : List.of("ds/b/2", "ds/a/1", "ds/b/1", "ds/c", "other/x")) {
      store.put(key, utf8(key), 1024);
    }
    server.s3.putObject(
        b -> b.bucket(bucket).key("outside/ds/z"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("z"));
    server.requests.clear();

    List<StoredObject> listed = paged.list("ds/");

    assertThat(listed)
        .extracting(StoredObject::key)
        .containsExactly("ds/a/1", "ds/b/1", "ds/b/2", "ds/c");
    assertThat(listed).allSatisfy(o -> assertThat(o.sha256()).isNull());
    assertThat(listed.get(0).size()).isEqualTo(6);
    List<SdkHttpRequest> pages = server.requests("GET", "list-type");
    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).rawQueryParameters().get("prefix")).containsExactly("enclave/ds/");
    assertThat(pages.get(1).rawQueryParameters()).containsKey("continuation-token");
    assertThat(store.list("")).hasSize(5);
    assertThat(store.list("nothing/")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/abs", "a/../b", "../a", "./a", "a/./b", "a//b", "a/", "a\\b"})
  void refusesKeysThatAreNotPlainRelativePaths(String key) {
    assertThatThrownBy(() -> store.put(key, utf8("x"), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.open(key, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void refusesASmallPartSizeAndAMissingKmsKey() {
    assertThatThrownBy(() -> new S3ObjectStore(server.s3, bucket, "", KMS_KEY, 5 * MIB - 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new S3ObjectStore(server.s3, bucket, "", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new S3ObjectStore(server.s3, bucket, "../", KMS_KEY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSseKms(SdkHttpRequest request) {
    assertThat(header(request, "x-amz-server-side-encryption")).isEqualTo("aws:kms");
    assertThat(header(request, "x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(KMS_KEY);
    assertThat(header(request, "x-amz-server-side-encryption-bucket-key-enabled"))
        .isEqualTo("true");
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Optional<InputStream> stream) throws IOException {
    try (InputStream in = stream.orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
