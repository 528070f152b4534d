package org.enclave.infra.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefixRoutedObjectStoreTest {
  @TempDir Path datasetsRoot;
  @TempDir Path restrictedRoot;

  private LocalFileObjectStore datasets;
  private LocalFileObjectStore restricted;
  private PrefixRoutedObjectStore store;

  @BeforeEach
  void stores() throws IOException {
    datasets = new LocalFileObjectStore(datasetsRoot);
    restricted = new LocalFileObjectStore(restrictedRoot);
    store = new PrefixRoutedObjectStore(datasets, Map.of("restricted/", restricted));
  }

  @Test
  void keysUnderARoutedPrefixLiveOnlyInItsStoreUnderTheSameKey() throws IOException {
    put("restricted/shared-tasks/t/gold/1", "gold");
    put("datasets/d/v1/posts.jsonl", "posts");

    assertThat(restricted.stat("restricted/shared-tasks/t/gold/1")).isPresent();
    assertThat(datasets.stat("restricted/shared-tasks/t/gold/1")).isEmpty();
    assertThat(datasets.stat("datasets/d/v1/posts.jsonl")).isPresent();
    assertThat(restricted.stat("datasets/d/v1/posts.jsonl")).isEmpty();

    assertThat(read("restricted/shared-tasks/t/gold/1", 1, 2)).isEqualTo("ol");
    assertThat(read("datasets/d/v1/posts.jsonl", 0, 100)).isEqualTo("posts");
    assertThat(store.localFile("restricted/shared-tasks/t/gold/1"))
        .hasValueSatisfying(p -> assertThat(p).startsWith(restrictedRoot));

    store.delete("restricted/shared-tasks/t/gold/1");
    assertThat(restricted.stat("restricted/shared-tasks/t/gold/1")).isEmpty();
    assertThat(store.open("restricted/shared-tasks/t/gold/1")).isEmpty();
  }

  @Test
  void listingMergesTheStoresInKeyOrderAndReadsARoutedPrefixFromItsStoreAlone() throws IOException {
    put("restricted/b", "1");
    put("a", "2");
    put("z", "3");
    put("restricted/a", "4");
    put("restrictedness", "5");

    assertThat(store.list(""))
        .extracting(StoredObject::key)
        .containsExactly("a", "restricted/a", "restricted/b", "restrictedness", "z");
    assertThat(store.list("restricted"))
        .extracting(StoredObject::key)
        .containsExactly("restricted/a", "restricted/b", "restrictedness");
    assertThat(store.list("restricted/"))
        .extracting(StoredObject::key)
        .containsExactly("restricted/a", "restricted/b");
    assertThat(store.list("restricted/b"))
        .extracting(StoredObject::key)
        .containsExactly("restricted/b");
  }

  @Test
  void refusesInvalidKeysAndOverlappingOrUnterminatedRoutes() {
    assertThatThrownBy(() -> store.open("../escape")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("/etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new PrefixRoutedObjectStore(datasets, Map.of("restricted", restricted)))
        .hasMessageContaining("must end in /");
    assertThatThrownBy(
            () ->
                new PrefixRoutedObjectStore(
                    datasets,
                    new java.util.LinkedHashMap<>(
                        Map.of("restricted/", restricted, "restricted/gold/", datasets))))
        .hasMessageContaining("overlap");
  }

  private void put(String key, String text) throws IOException {
    store.put(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1024);
  }

  private String read(String key, long offset, long length) throws IOException {
    try (InputStream in = store.open(key, offset, length).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
