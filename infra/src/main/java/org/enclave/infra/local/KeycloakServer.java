package org.enclave.infra.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Keycloak in development mode ({@code kc.sh start-dev}) with one realm imported from a file.
 *
 * <p>Keycloak's H2 database lives under {@link Settings#dataDir()}, outside the distribution, so
 * users, sessions and realm changes survive restarts and the distribution can be replaced. Keycloak
 * imports the realm only when it does not exist yet. {@link #close()} stops {@code kc.sh} and every
 * process it started.
 */
public final class KeycloakServer implements AutoCloseable {
  public static final int DEFAULT_HTTP_PORT = 8180;

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final String BOOTSTRAP_ADMIN = "admin";

  private final ChildProcess process;
  private final int httpPort;
  private final String realm;

  /**
   * Where and how to run Keycloak.
   *
   * @param home unpacked distribution (see {@link KeycloakDistribution#ensureUnpacked})
   * @param httpPort HTTP port on all interfaces
   * @param dataDir Keycloak's own state: its H2 database ends up in {@code dataDir/data/h2}
   * @param realmFile realm export to import on first start
   * @param logFile where Keycloak's output goes
   * @param startupTimeout how long to wait for the realm's discovery document
   */
  public record Settings(
      Path home,
      int httpPort,
      Path dataDir,
      Path realmFile,
      Path logFile,
      Duration startupTimeout) {
    public Settings {
      Objects.requireNonNull(home, "home");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(realmFile, "realmFile");
      Objects.requireNonNull(logFile, "logFile");
      Objects.requireNonNull(startupTimeout, "startupTimeout");
    }
  }

  private KeycloakServer(ChildProcess process, int httpPort, String realm) {
    this.process = process;
    this.httpPort = httpPort;
    this.realm = realm;
  }

  /**
   * Starts Keycloak and waits until the realm's OpenID discovery document answers 200. On failure
   * or interruption Keycloak is stopped again before this throws.
   *
   * @throws LocalStackException if the port is taken, Keycloak exits or does not get ready in time
   */
  public static KeycloakServer start(Settings settings) throws IOException, InterruptedException {
    Ports.requireFree(settings.httpPort(), "Keycloak");
    String realm = RealmFile.read(settings.realmFile()).realm();
    Path kcSh = settings.home().resolve("bin/kc.sh");
    if (!Files.isExecutable(kcSh)) {
      throw new LocalStackException("no executable " + kcSh + ": not a Keycloak distribution");
    }
    // --import-realm reads <home>/data/import only.
    Path importDir = Files.createDirectories(settings.home().resolve("data/import"));
    Files.copy(
        settings.realmFile(),
        importDir.resolve(realm + "-realm.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Path dataDir = Files.createDirectories(settings.dataDir()).toAbsolutePath();

    ProcessBuilder builder =
        new ProcessBuilder(
            kcSh.toString(),
            "start-dev",
            "--http-port=" + settings.httpPort(),
            "--import-realm",
            // The dev-file H2 URL is <kc.db-url-path>/data/h2/keycloakdb.
            "-Dkc.db-url-path=" + dataDir);
    builder.directory(dataDir.toFile());
    configureEnvironment(builder.environment());

    ChildProcess process = ChildProcess.start("Keycloak", builder, settings.logFile(), STOP_GRACE);
    KeycloakServer server = new KeycloakServer(process, settings.httpPort(), realm);
    try {
      HttpReadiness.await(process, server.discoveryUrl(), settings.startupTimeout());
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static void configureEnvironment(Map<String, String> env) {
    // The caller's Keycloak, Quarkus or JVM settings must not leak into this server.
    env.keySet().removeIf(key -> key.startsWith("KC_") || key.startsWith("QUARKUS_"));
    env.remove("JAVA_OPTS");
    env.remove("JAVA_TOOL_OPTIONS");
    // A local server lives for hours at most: C1 alone starts it about a third faster.
    env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
    // Created once, in the master realm, on the first start against an empty database.
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN);
  }

  /** {@code http://localhost:<port>}. */
  public URI baseUrl() {
    return URI.create("http://localhost:" + httpPort);
  }

  /** The realm's issuer, e.g. {@code http://localhost:8180/realms/enclave}. */
  public URI issuerUrl() {
    return URI.create(baseUrl() + "/realms/" + realm);
  }

  /** The realm's token endpoint. */
  public URI tokenUrl() {
    return URI.create(issuerUrl() + "/protocol/openid-connect/token");
  }

  public URI discoveryUrl() {
    return URI.create(issuerUrl() + "/.well-known/openid-configuration");
  }

  public int httpPort() {
    return httpPort;
  }

  public String realm() {
    return realm;
  }

  /** The {@code kc.sh} process; Keycloak's JVM is among its descendants. */
  public ProcessHandle processHandle() {
    return process.handle();
  }

  public Path logFile() {
    return process.logFile();
  }

  /** Stops Keycloak and all its descendant processes. Idempotent. */
  @Override
  public void close() {
    process.close();
  }
}
