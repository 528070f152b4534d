package org.enclave.infra.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack finds its inputs and keeps its state.
 *
 * @param repoRoot the repository checkout
 * @param stateDir everything the stack writes: databases, logs, keys, objects, caches
 * @param keycloakZip the {@code keycloak-quarkus-dist} zip
 * @param controlPlaneJar the control plane's {@code quarkus-run.jar}
 * @param realmFile the Keycloak realm to import
 */
public record LocalStackConfig(
    Path repoRoot, Path stateDir, Path keycloakZip, Path controlPlaneJar, Path realmFile) {

  public static final String KEYCLOAK_VERSION = "26.7.3";
  public static final int POSTGRES_PORT = EmbeddedPostgresServer.DEFAULT_PORT;
  public static final int KEYCLOAK_PORT = KeycloakServer.DEFAULT_HTTP_PORT;
  public static final int CONTROL_PLANE_PORT = 8080;

  static final String USAGE =
      """
      usage: LocalStackMain [--repo DIR] [--state DIR] [--keycloak-zip FILE] [--control-plane-jar FILE]
        --repo               repository root (env ENCLAVE_REPO, default: working directory)
        --state              state directory (env ENCLAVE_STATE_DIR, default: <repo>/.enclave)
        --keycloak-zip       keycloak-quarkus-dist zip (env ENCLAVE_KEYCLOAK_ZIP,
                             default: <state>/cache/keycloak-quarkus-dist-%s.zip)
        --control-plane-jar  control plane jar (env ENCLAVE_CONTROL_PLANE_JAR,
                             default: <repo>/enclave-api/target/quarkus-app/quarkus-run.jar)
      """
          .formatted(KEYCLOAK_VERSION);

  /**
   * Reads {@code --name value} arguments, falling back to environment variables, then defaults.
   *
   * @throws IllegalArgumentException on an unknown or incomplete argument
   */
  public static LocalStackConfig parse(String[] args, Map<String, String> env) {
    String repo = env.get("ENCLAVE_REPO");
    String state = env.get("ENCLAVE_STATE_DIR");
    String zip = env.get("ENCLAVE_KEYCLOAK_ZIP");
    String jar = env.get("ENCLAVE_CONTROL_PLANE_JAR");
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--repo" -> repo = value;
        case "--state" -> state = value;
        case "--keycloak-zip" -> zip = value;
        case "--control-plane-jar" -> jar = value;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path repoRoot = Path.of(blankToDefault(repo, ".")).toAbsolutePath().normalize();
    Path stateDir = absolute(repoRoot, blankToDefault(state, ".enclave"));
    Path keycloakZip =
        zip == null || zip.isBlank()
            ? stateDir.resolve("cache/keycloak-quarkus-dist-" + KEYCLOAK_VERSION + ".zip")
            : absolute(repoRoot, zip);
    Path controlPlaneJar =
        absolute(repoRoot, blankToDefault(jar, "enclave-api/target/quarkus-app/quarkus-run.jar"));
    Path realmFile = repoRoot.resolve("infra/src/main/resources/local/enclave-realm.json");
    return new LocalStackConfig(repoRoot, stateDir, keycloakZip, controlPlaneJar, realmFile);
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Path absolute(Path base, String path) {
    return base.resolve(path).toAbsolutePath().normalize();
  }

  public Path postgresDataDir() {
    return stateDir.resolve("postgres");
  }

  public Path keycloakDataDir() {
    return stateDir.resolve("keycloak");
  }

  public Path cacheDir() {
    return stateDir.resolve("cache");
  }

  public Path logDir() {
    return stateDir.resolve("logs");
  }

  public Path objectStoreRoot() {
    return stateDir.resolve("objects");
  }

  public Path sessionSecretFile() {
    return stateDir.resolve("keys/session-secret");
  }
}
