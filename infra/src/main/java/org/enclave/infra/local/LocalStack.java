package org.enclave.infra.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The local enclave: embedded PostgreSQL, Keycloak and the control plane, started in that order and
 * stopped in reverse. {@link #close()} may run on a shutdown hook while {@link #start()} is still
 * busy on another thread: it interrupts the start, then stops whatever is running.
 */
final class LocalStack implements AutoCloseable {
  static final Duration KEYCLOAK_TIMEOUT = Duration.ofSeconds(120);
  static final Duration CONTROL_PLANE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STARTER_JOIN = Duration.ofSeconds(60);

  private record Running(String name, AutoCloseable service) {}

  private final LocalStackConfig config;
  private final PrintStream out;
  private final Deque<Running> running = new ArrayDeque<>();
  private volatile Thread starter;
  private boolean stopping;
  private ChildProcess controlPlane;
  private KeycloakServer keycloak;
  private RealmFile realm;

  LocalStack(LocalStackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /**
   * Starts the three services and waits until each one answers.
   *
   * @throws LocalStackException when a service cannot start; what did start keeps running until
   *     {@link #close()}
   */
  void start() throws IOException, InterruptedException {
    starter = Thread.currentThread();
    try {
      preflight();
      out.println("starting PostgreSQL ...");
      long t0 = System.nanoTime();
      EmbeddedPostgresServer postgres =
          EmbeddedPostgresServer.start(
              LocalStackConfig.POSTGRES_PORT,
              config.postgresDataDir(),
              config.logDir().resolve("postgres.log"));
      register("PostgreSQL", postgres);
      step("PostgreSQL", postgres.jdbcUrl(), t0);

      out.println("starting Keycloak (about 20 s; the very first start also builds it) ...");
      t0 = System.nanoTime();
      Path home = KeycloakDistribution.ensureUnpacked(config.keycloakZip(), config.cacheDir());
      keycloak =
          KeycloakServer.start(
              new KeycloakServer.Settings(
                  home,
                  LocalStackConfig.KEYCLOAK_PORT,
                  config.keycloakDataDir(),
                  config.realmFile(),
                  config.logDir().resolve("keycloak.log"),
                  KEYCLOAK_TIMEOUT));
      register("Keycloak", keycloak);
      step("Keycloak", keycloak.issuerUrl().toString(), t0);

      out.println("starting the control plane ...");
      t0 = System.nanoTime();
      Files.createDirectories(config.objectStoreRoot());
      Map<String, String> env =
          ControlPlaneProcess.environment(
              config,
              postgres,
              keycloak.issuerUrl(),
              realm.clientSecret(ControlPlaneProcess.WEB_CLIENT_ID),
              SessionSecret.loadOrCreate(config.sessionSecretFile()));
      ChildProcess process =
          ControlPlaneProcess.start(
              config.controlPlaneJar(),
              config.repoRoot(),
              env,
              config.logDir().resolve("control-plane.log"));
      register("control plane", process);
      controlPlane = process;
      HttpReadiness.await(
          process,
          URI.create("http://localhost:" + LocalStackConfig.CONTROL_PLANE_PORT + "/q/health/ready"),
          CONTROL_PLANE_TIMEOUT);
      step("Control plane", "http://localhost:" + LocalStackConfig.CONTROL_PLANE_PORT, t0);
    } finally {
      starter = null;
    }
  }

  /** Checks inputs and ports before anything starts, so a conflict costs no start-up time. */
  private void preflight() throws IOException {
    requireFile(config.keycloakZip(), "Keycloak distribution");
    requireFile(
        config.controlPlaneJar(), "control plane jar (run ./mvnw -B -ntp -DskipTests install)");
    requireFile(config.realmFile(), "realm file");
    realm = RealmFile.read(config.realmFile());
    Ports.requireFree(LocalStackConfig.POSTGRES_PORT, "PostgreSQL");
    Ports.requireFree(LocalStackConfig.KEYCLOAK_PORT, "Keycloak");
    Ports.requireFree(LocalStackConfig.CONTROL_PLANE_PORT, "control plane");
    Files.createDirectories(config.logDir());
  }

  private static void requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new LocalStackException(what + " not found: " + file);
    }
  }

  private void step(String name, String where, long startNanos) {
    out.printf(
        "%-14s ready  %-45s (%.1f s)%n",
        name, where, (System.nanoTime() - startNanos) / 1_000_000_000.0);
  }

  /** Records a started service, or stops it at once if the stack is already stopping. */
  private void register(String name, AutoCloseable service) throws InterruptedException {
    synchronized (this) {
      if (!stopping) {
        running.push(new Running(name, service));
        return;
      }
    }
    closeQuietly(new Running(name, service));
    throw new InterruptedException("stopping");
  }

  /** The banner for a started stack. */
  String banner() {
    return Banner.render(
        keycloak.baseUrl().toString(), keycloak.issuerUrl().toString(), realm, config);
  }

  /** Blocks until the control plane exits; returns its exit code. */
  int awaitControlPlaneExit() throws InterruptedException {
    return controlPlane.waitFor();
  }

  ChildProcess controlPlane() {
    return controlPlane;
  }

  synchronized boolean isStopping() {
    return stopping;
  }

  /** Interrupts a start in progress, then stops the services in reverse order. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    Thread busy = starter;
    if (busy != null && busy != Thread.currentThread()) {
      busy.interrupt();
      try {
        busy.join(STARTER_JOIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean stoppedAny = false;
    while (true) {
      Running next;
      synchronized (this) {
        next = running.poll();
      }
      if (next == null) {
        break;
      }
      closeQuietly(next);
      stoppedAny = true;
    }
    if (stoppedAny) {
      out.println("local enclave stopped");
    }
  }

  private void closeQuietly(Running service) {
    out.printf("stopping %s%n", service.name());
    try {
      service.service().close();
    } catch (Exception e) {
      out.printf("could not stop %s cleanly: %s%n", service.name(), e.getMessage());
    }
  }
}
