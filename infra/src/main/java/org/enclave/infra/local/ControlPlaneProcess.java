package org.enclave.infra.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the control plane ({@code java -jar quarkus-run.jar}) wired to the local services. */
final class ControlPlaneProcess {
  static final String WEB_CLIENT_ID = "enclave-web";
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private ControlPlaneProcess() {}

  /**
   * The environment the control plane gets on top of the launcher's own.
   *
   * @param oidcServerUrl the realm's issuer URL
   * @param webClientSecret the secret of client {@value #WEB_CLIENT_ID}
   * @param sessionSecret the session cookie encryption secret
   */
  static Map<String, String> environment(
      LocalStackConfig config,
      EmbeddedPostgresServer postgres,
      URI oidcServerUrl,
      String webClientSecret,
      String sessionSecret) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(LocalStackConfig.CONTROL_PLANE_PORT));
    env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
    env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
    env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcServerUrl.toString());
    env.put("QUARKUS_OIDC_CLIENT_ID", WEB_CLIENT_ID);
    env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", webClientSecret);
    env.put("QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", sessionSecret);
    env.put("ENCLAVE_DEPLOYMENT_MODE", "local");
    env.put("ENCLAVE_STATE_DIR", config.stateDir().toString());
    env.put("ENCLAVE_OBJECT_STORE_ROOT", config.objectStoreRoot().toString());
    env.put("ENCLAVE_DEMO_ENABLED", "true");
    // The JVM kernel and the enclave command, as module workspace-runtime lays them out.
    env.put(
        "ENCLAVE_WORKSPACES_RUNTIME_DIR",
        config.repoRoot().resolve("workspace-runtime/target/runtime").toString());
    // The named-entity worker that ingest starts, as module ner-worker builds it.
    env.put(
        "ENCLAVE_INGEST_NER_WORKER_DIR", config.repoRoot().resolve("ner-worker/target").toString());
    return env;
  }

  /** Launches the control plane with {@code env} added; output goes to {@code logFile}. */
  static ChildProcess start(Path jar, Path workDir, Map<String, String> env, Path logFile)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new LocalStackException(
          "control plane not built: "
              + jar
              + " is missing (run ./mvnw -B -ntp -DskipTests install)");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toString());
    builder.directory(workDir.toFile());
    builder.environment().putAll(env);
    return ChildProcess.start("control plane", builder, logFile, STOP_GRACE);
  }
}
