package org.enclave.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged control plane as an operator would, with unsafe production settings, and
 * checks that it refuses to run, says why, and never touches the database or creates a key.
 */
class UnsafeProductionStartupIT {

  @Test
  void refusesWildcardCorsDemoSecretPlainHttpIdentityProviderAndLocalKeyBeforeTouchingAnything()
      throws Exception {
    Path log = Files.createTempFile("control-plane", ".log");
    Path workDir = Files.createTempDirectory("control-plane");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of(System.getProperty("control-plane.jar")).toAbsolutePath().toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ENCLAVE_"));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
    env.put("ENCLAVE_DEPLOYMENT_MODE", "production");
    env.put("QUARKUS_HTTP_CORS", "true");
    env.put("QUARKUS_HTTP_CORS_ORIGINS", "*");
    env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://idp.example.org/realms/enclave");
    env.put("QUARKUS_OIDC_CONNECTION_DELAY", "0S");
    env.put("QUARKUS_OIDC_WEB_CONNECTION_DELAY", "0S");
    env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", "enclave-web-local-secret");
    env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + freePort() + "/none");
    env.put("QUARKUS_DATASOURCE_USERNAME", "nobody");
    env.put("QUARKUS_DATASOURCE_PASSWORD", "nothing");

    Process p = pb.start();
    boolean exited = p.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited).as("control plane must exit on its own:%n%s", out).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
    assertThat(out)
        .contains("refusing to start with an unsafe configuration")
        .contains("CORS allows every origin")
        .contains("local demo secret")
        .contains("plain HTTP")
        .contains("the audit signing key is the local key file under the state directory")
        .doesNotContain("schema at version");
    assertThat(workDir.resolve(".enclave/keys"))
        .as("no signing key is generated in production")
        .doesNotExist();
    for (String line : List.of(out.split("\n"))) {
      assertThat(line)
          .as("never prints the secret it refuses")
          .doesNotContain("enclave-web-local-secret");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
