package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakDistributionTest {
  @TempDir Path dir;

  @Test
  void unpacksOnceStrippingTheTopFolderWithExecutableScripts() throws IOException {
    Path zip = zip("kc-dist-1.0.zip", "keycloak-1.0/bin/kc.sh", "keycloak-1.0/conf/keycloak.conf");
    Path cache = dir.resolve("cache");

    Path home = KeycloakDistribution.ensureUnpacked(zip, cache);

    assertThat(home).isEqualTo(cache.resolve("kc-dist-1.0"));
    assertThat(home.resolve("bin/kc.sh")).isExecutable();
    assertThat(home.resolve("conf/keycloak.conf")).hasContent("keycloak-1.0/conf/keycloak.conf");
    try (var entries = Files.list(cache)) {
      assertThat(entries).as("no staging folder left").containsExactly(home);
    }

    Files.writeString(home.resolve("conf/keycloak.conf"), "edited");
    assertThat(KeycloakDistribution.ensureUnpacked(zip, cache)).isEqualTo(home);
    assertThat(home.resolve("conf/keycloak.conf")).as("not unpacked again").hasContent("edited");
  }

  @Test
  void refusesEntriesThatEscapeTheTarget() throws IOException {
    Path zip = zip("evil.zip", "keycloak/bin/kc.sh", "keycloak/../../escaped.txt");

    assertThatThrownBy(() -> KeycloakDistribution.ensureUnpacked(zip, dir.resolve("cache")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escapes");
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
    try (var entries = Files.list(dir.resolve("cache"))) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void refusesAZipWithoutKcSh() throws IOException {
    Path zip = zip("other.zip", "something/README.md");

    assertThatThrownBy(() -> KeycloakDistribution.ensureUnpacked(zip, dir.resolve("cache")))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("does not look like a Keycloak distribution");
  }

  /** A zip whose entries each contain their own name. */
  private Path zip(String name, String... entries) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String entry : entries) {
        out.putNextEntry(new ZipEntry(entry));
        out.write(entry.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }
}
