package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionSecretTest {
  @TempDir Path state;

  @Test
  void createsAnOwnerOnlySecretOnceAndKeepsIt() throws Exception {
    Path file = state.resolve("keys/session-secret");

    String first = SessionSecret.loadOrCreate(file);
    String second = SessionSecret.loadOrCreate(file);

    assertThat(first).hasSizeGreaterThanOrEqualTo(SessionSecret.MIN_LENGTH).isEqualTo(second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void replacesASecretThatIsTooShort() throws Exception {
    Path file = Files.createDirectories(state.resolve("keys")).resolve("session-secret");
    Files.writeString(file, "short\n");

    String secret = SessionSecret.loadOrCreate(file);

    assertThat(secret).hasSizeGreaterThanOrEqualTo(SessionSecret.MIN_LENGTH);
    assertThat(Files.readString(file).strip()).isEqualTo(secret);
  }

  @Test
  void tightensTheModeOfAnExistingSecret() throws Exception {
    Path file = Files.createDirectories(state.resolve("keys")).resolve("session-secret");
    Files.writeString(file, "x".repeat(40));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(SessionSecret.loadOrCreate(file)).isEqualTo("x".repeat(40));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
