package org.enclave.infra.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFileObjectStoreTest {
  private static final String HELLO_SHA256 =
      "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

  @TempDir Path root;
  private LocalFileObjectStore store;

  @BeforeEach
  void createStore() throws IOException {
    store = new LocalFileObjectStore(root);
  }

  @Test
  void storesAndReadsBackAnObjectWithItsSha256() throws IOException {
    StoredObject stored = store.put("datasets/clpsych/train.jsonl", utf8("hello world"), 1024);

    assertThat(stored.key()).isEqualTo("datasets/clpsych/train.jsonl");
    assertThat(stored.size()).isEqualTo(11);
    assertThat(stored.sha256()).isEqualTo(HELLO_SHA256);
    assertThat(read(store.open("datasets/clpsych/train.jsonl"))).isEqualTo("hello world");
    StoredObject stat = store.stat("datasets/clpsych/train.jsonl").orElseThrow();
    assertThat(stat.size()).isEqualTo(11);
    assertThat(stat.lastModified()).isEqualTo(stored.lastModified());
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void readsAByteRangeFromItsOffset() throws IOException {
    store.put("k", utf8("hello world"), 1024);
    assertThat(read(store.open("k", 6, 5))).isEqualTo("world");
    assertThat(read(store.open("k", 0, 1))).isEqualTo("h");
    assertThat(read(store.open("k", 6, 100))).isEqualTo("world");
    assertThat(read(store.open("k", 11, 5))).isEmpty();
    assertThat(store.open("missing", 0, 1)).isEmpty();
    assertThat(store.localFile("k")).contains(root.resolve("k"));
    assertThat(store.localFile("missing")).isEmpty();
    assertThatThrownBy(() -> store.open("k", -1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultRangeReadSkipsToTheOffset() throws IOException {
    store.put("k", utf8("hello world"), 1024);
    ObjectStore plain =
        new ObjectStore() {
          @Override
          public StoredObject put(String key, InputStream content, long maxBytes) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Optional<InputStream> open(String key) throws IOException {
            return store.open(key);
          }

          @Override
          public Optional<StoredObject> stat(String key) {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<StoredObject> list(String prefix) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void delete(String key) {
            throw new UnsupportedOperationException();
          }
        };
    assertThat(read(plain.open("k", 2, 3))).isEqualTo("llo");
    assertThat(read(plain.open("k", 11, 3))).isEmpty();
    assertThat(read(plain.open("k", 50, 3))).isEmpty();
  }

  @Test
  void acceptsAnObjectOfExactlyTheLimit() throws IOException {
    assertThat(store.put("exact", utf8("hello world"), 11).size()).isEqualTo(11);
  }

  @Test
  void storesAnEmptyObject() throws IOException {
    StoredObject stored = store.put("empty", InputStream.nullInputStream(), 0);

    assertThat(stored.size()).isZero();
    assertThat(stored.sha256())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void oversizeUploadFailsAndLeavesNothing() throws IOException {
    byte[] big = new byte[200 * 1024];

    assertThatThrownBy(() -> store.put("big/object.bin", new ByteArrayInputStream(big), 100_000))
        .isInstanceOf(ObjectTooLargeException.class)
        .satisfies(e -> assertThat(((ObjectTooLargeException) e).limit()).isEqualTo(100_000));

    assertThat(store.stat("big/object.bin")).isEmpty();
    assertThat(store.open("big/object.bin")).isEmpty();
    assertThat(Files.exists(root.resolve("big/object.bin"))).isFalse();
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void oversizeOverwriteKeepsThePreviousObject() throws IOException {
    store.put("k", utf8("small"), 5);

    assertThatThrownBy(() -> store.put("k", utf8("too large"), 5))
        .isInstanceOf(ObjectTooLargeException.class);

    assertThat(read(store.open("k"))).isEqualTo("small");
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void overwriteReplacesTheWholeObject() throws IOException {
    store.put("notes/readme.txt", utf8("a much longer first version"), 1024);

    StoredObject second = store.put("notes/readme.txt", utf8("v2"), 1024);

    assertThat(read(store.open("notes/readme.txt"))).isEqualTo("v2");
    assertThat(store.stat("notes/readme.txt").orElseThrow().size()).isEqualTo(2);
    assertThat(second.size()).isEqualTo(2);
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void missingObjectsAreEmptyAndDeleteIsIdempotent() throws IOException {
    store.put("a/b", utf8("x"), 10);

    store.delete("a/b");
    store.delete("a/b");

    assertThat(store.open("a/b")).isEmpty();
    assertThat(store.stat("a/b")).isEmpty();
    assertThat(store.open("a")).as("a folder is not an object").isEmpty();
    assertThat(store.stat("a")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "..",
        "../outside",
        "a/../../outside",
        "a/../b",
        "a/./b",
        "a//b",
        "a/",
        "/etc/passwd",
        "a\\b",
        "..\\outside",
        "a\0b",
        ".staging",
        ".staging/upload-1.part"
      })
  void refusesKeysThatAreNotPlainRelativePaths(String key) throws IOException {
    assertThatThrownBy(() -> store.put(key, utf8("x"), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void refusesANullKey() {
    assertThatThrownBy(() -> store.put(null, utf8("x"), 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Optional<InputStream> stream) throws IOException {
    try (InputStream in = stream.orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<Path> stagingFiles() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(".staging"))) {
      return files.toList();
    }
  }
}
