package org.enclave.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's entry point on AWS writes the broker's certificate, key and envelope seed from
 * the environment ECS filled from Secrets Manager into the files the settings name, readable by the
 * control plane's uid alone, and starts the control plane without them in its environment.
 */
class ContainerEntrypointTest {
  static final Path SCRIPT = Path.of("src", "main", "docker", "enclave-entrypoint.sh");

  @TempDir Path dir;

  record Run(int status, String out) {}

  private Run run(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString());
    pb.command().addAll(java.util.List.of(command));
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private Map<String, String> settings() {
    return Map.of(
        "ENCLAVE_BROKER_NETWORK_CERTIFICATE", dir.resolve("tls/broker.crt").toString(),
        "ENCLAVE_BROKER_NETWORK_PRIVATE_KEY", dir.resolve("tls/broker.key").toString(),
        "ENCLAVE_AWS_KMS_ENVELOPE_KEYS_BROKER_CREDENTIALS_CIPHERTEXT_FILE",
            dir.resolve("keys/broker-credentials.seed").toString());
  }

  @Test
  void writesEachSecretToItsFileForThisUidAloneAndDropsItFromTheEnvironment() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(settings());
    env.put(
        "ENCLAVE_BOOT_BROKER_CERTIFICATE_PEM",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    env.put(
        "ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM",
        "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----");
    env.put("ENCLAVE_BOOT_BROKER_CREDENTIALS_SEED", "AQIDAHh5c2VlZA==");

    Run r = run(env, "env");

    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .doesNotContain("ENCLAVE_BOOT_")
        .doesNotContain("MIGH")
        .contains("ENCLAVE_BROKER_NETWORK_PRIVATE_KEY=");
    assertThat(Files.readString(dir.resolve("tls/broker.key")))
        .isEqualTo("-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n");
    assertThat(Files.readString(dir.resolve("tls/broker.crt"))).contains("MIIB");
    assertThat(Files.readString(dir.resolve("keys/broker-credentials.seed")))
        .isEqualTo("AQIDAHh5c2VlZA==\n");
    for (String f :
        new String[] {"tls/broker.crt", "tls/broker.key", "keys/broker-credentials.seed"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
          .as(f)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void anEmptySecretStopsTheStartAndSaysWhichOne() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(settings());
    env.put("ENCLAVE_BOOT_BROKER_CERTIFICATE_PEM", "-----BEGIN CERTIFICATE-----");
    env.put("ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM", "");
    env.put("ENCLAVE_BOOT_BROKER_CREDENTIALS_SEED", "AQID");

    Run r = run(env, "echo", "started");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains("ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM is empty")
        .doesNotContain("started");
    assertThat(dir.resolve("tls/broker.key")).doesNotExist();
  }

  @Test
  void aMissingFileSettingStopsTheStart() throws Exception {
    Run r =
        run(
            Map.of(
                "ENCLAVE_BOOT_BROKER_CERTIFICATE_PEM", "x",
                "ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM", "y",
                "ENCLAVE_BOOT_BROKER_CREDENTIALS_SEED", "z"),
            "echo",
            "started");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("ENCLAVE_BROKER_NETWORK_CERTIFICATE does not name the file");
  }
}
