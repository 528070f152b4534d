package org.enclave.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyServiceTest {
  @TempDir Path dir;

  @Test
  void createsAKeyOnceKeepsItPrivateAndSignsVerifiably() throws Exception {
    byte[] message = "checkpoint body\n".getBytes(StandardCharsets.UTF_8);
    LocalKeyService keys = new LocalKeyService(dir);
    byte[] pub = keys.publicKey("audit-log");
    byte[] sig = keys.sign("audit-log", message);

    assertThat(pub).hasSize(32);
    assertThat(sig).hasSize(64);
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(pub, 0));
    verifier.update(message, 0, message.length);
    assertThat(verifier.verifySignature(sig)).isTrue();

    Path file = dir.resolve("audit-log.ed25519");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(new LocalKeyService(dir).publicKey("audit-log"))
        .as("the same key after a restart")
        .isEqualTo(pub);
    assertThat(new LocalKeyService(dir).sign("audit-log", message))
        .as("Ed25519 is deterministic")
        .isEqualTo(sig);
    try (var listing = Files.list(dir)) {
      assertThat(listing).as("no temporary files left").hasSize(1);
    }
  }

  @Test
  void differentNamesAreDifferentKeys() {
    LocalKeyService keys = new LocalKeyService(dir);
    assertThat(keys.publicKey("audit-log")).isNotEqualTo(keys.publicKey("other"));
  }

  @Test
  void refusesBadNamesAndDamagedKeyFiles() throws Exception {
    LocalKeyService keys = new LocalKeyService(dir);
    for (String bad : new String[] {"", "../x", "Audit", "a/b", "x".repeat(65)}) {
      assertThatThrownBy(() -> keys.publicKey(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    Files.writeString(dir.resolve("short.ed25519"), "AAEC\n");
    assertThatThrownBy(() -> keys.publicKey("short"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("not a 32-byte Ed25519 seed");
    Files.writeString(dir.resolve("junk.ed25519"), "not base64!\n");
    assertThatThrownBy(() -> keys.publicKey("junk"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("not base64");
  }

  @Test
  void existingOnlyUsesAProvisionedKeyButNeverCreatesOne() {
    byte[] provisioned = new LocalKeyService(dir).publicKey("audit-log");
    LocalKeyService existing = LocalKeyService.existingOnly(dir);

    assertThat(existing.publicKey("audit-log")).isEqualTo(provisioned);
    assertThatThrownBy(() -> existing.publicKey("other"))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("other.ed25519 does not exist");
    assertThatThrownBy(
            () -> LocalKeyService.existingOnly(dir.resolve("none")).sign("x", new byte[1]))
        .isInstanceOf(KeyServiceException.class)
        .hasMessageContaining("never creates keys");
    assertThat(dir.resolve("other.ed25519")).doesNotExist();
    assertThat(dir.resolve("none")).doesNotExist();
  }
}
