package org.enclave.infra.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileObjectStoreListTest {
  @TempDir Path root;

  @Test
  void listsObjectsUnderAPrefixSortedByKeyWithoutUploadsInProgress() throws IOException {
    LocalFileObjectStore store = new LocalFileObjectStore(root);
    put(store, "b/2.txt", "22");
    put(store, "a/1.txt", "1");
    put(store, "b/1.txt", "333");
    put(store, "bc", "x");
    Files.writeString(root.resolve(".staging").resolve("upload-1.part"), "partial");

    assertThat(store.list(""))
        .extracting(StoredObject::key)
        .containsExactly("a/1.txt", "b/1.txt", "b/2.txt", "bc");
    assertThat(store.list("b/"))
        .extracting(StoredObject::key)
        .containsExactly("b/1.txt", "b/2.txt");
    assertThat(store.list("b"))
        .extracting(StoredObject::key)
        .containsExactly("b/1.txt", "b/2.txt", "bc");
    assertThat(store.list("b/1")).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(3));
    assertThat(store.list("missing/")).isEmpty();
  }

  @Test
  void refusesPrefixesThatEscapeTheStore() throws IOException {
    LocalFileObjectStore store = new LocalFileObjectStore(root);
    assertThatThrownBy(() -> store.list("/etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("a/./b")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void put(LocalFileObjectStore store, String key, String text) throws IOException {
    store.put(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1024);
  }
}
