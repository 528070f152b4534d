package org.enclave.workspace.runtime.boot;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.enclave.workspace.runtime.client.CaBundle;
import org.enclave.workspace.runtime.client.EnclaveException;

/**
 * {@code enclave boot}: what a workspace instance on EC2 runs at start (the systemd unit {@code
 * enclave-workspace.service}). It reads the one-time boot token from the user data (IMDSv2),
 * redeems it at the broker for the workspace's environment, starts Jupyter with that environment on
 * the session port, reports ready through the broker once Jupyter answers, then stays in the
 * foreground as long as Jupyter runs and exits with its status.
 *
 * <p>Its own settings come from its environment, all optional: {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT}, {@code AWS_CA_BUNDLE} (default {@value #DEFAULT_CA} when that
 * file exists), {@code ENCLAVE_JUPYTER} ({@code jupyter-notebook}), {@code
 * ENCLAVE_JUPYTER_CONFIG_DIR} ({@value #DEFAULT_JUPYTER_CONFIG}), {@code ENCLAVE_SESSION_IP}
 * ({@code 0.0.0.0}) and {@code ENCLAVE_BOOT_TIMEOUT} ({@code PT10M}).
 */
public final class BootCommand {
  static final String DEFAULT_CA = "/etc/enclave/broker-ca.pem";
  static final String DEFAULT_JUPYTER_CONFIG = "/etc/enclave/jupyter";
  static final String SESSION_PORT = "ENCLAVE_SESSION_PORT";
  static final String SESSION_BASE_URL = "ENCLAVE_SESSION_BASE_URL";

  /** Variables of the boot process that Jupyter and its kernels must not inherit. */
  private static final java.util.List<String> OWN_ONLY =
      java.util.List.of(
          "AWS_EC2_METADATA_SERVICE_ENDPOINT",
          "ENCLAVE_JUPYTER",
          "ENCLAVE_JUPYTER_CONFIG_DIR",
          "ENCLAVE_SESSION_IP",
          "ENCLAVE_BOOT_TIMEOUT");

  private final Map<String, String> own;
  private final Clock clock;
  private final PrintStream log;

  BootCommand(Map<String, String> own, Clock clock, PrintStream log) {
    this.own = own;
    this.clock = clock;
    this.log = log;
  }

  /** Exit status: Jupyter's once it ends, 1 if the boot fails, 2 on a usage error. */
  public static int main(String[] args) throws InterruptedException {
    if (args.length > 0) {
      System.err.println(
          "usage: enclave boot\n  (run by enclave-workspace.service on a workspace instance; its"
              + " settings come from the environment, see docs/aws.md)");
      return 2;
    }
    return new BootCommand(System.getenv(), Clock.systemUTC(), System.err).run();
  }

  int run() throws InterruptedException {
    Process jupyter = null;
    try {
      Deadline deadline = new Deadline(clock, timeout());
      Map<String, String> trust = trust();
      HttpClient http = CaBundle.httpClient(trust).connectTimeout(Duration.ofSeconds(3)).build();
      HttpClient plain =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();

      InstanceMetadata imds =
          new InstanceMetadata(
              URI.create(
                  own.getOrDefault(
                      "AWS_EC2_METADATA_SERVICE_ENDPOINT", InstanceMetadata.DEFAULT_ENDPOINT)),
              plain);
      UserData data = UserData.parse(deadline.retry(imds::userData, this::say));
      say("workspace " + data.workspace() + ": redeeming the boot token at " + data.broker());

      BrokerBoot broker = new BrokerBoot(data.broker(), http, clock);
      Map<String, String> environment = deadline.retry(() -> broker.bootstrap(data), this::say);

      JupyterServer server = server(environment, trust);
      say("starting Jupyter on port " + server.port() + " under " + server.basePath());
      Process started = server.start();
      jupyter = started;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
      server.awaitServing(started, plain, deadline);
      deadline.retry(
          () -> {
            broker.ready(environment);
            return null;
          },
          this::say);
      say("workspace " + data.workspace() + " is ready");
      return started.waitFor();
    } catch (BootException | EnclaveException e) {
      say("boot failed: " + e.getMessage());
      if (jupyter != null) {
        jupyter.destroy();
      }
      return 1;
    }
  }

  private Duration timeout() {
    String t = own.get("ENCLAVE_BOOT_TIMEOUT");
    if (t == null || t.isBlank()) {
      return Duration.ofMinutes(10);
    }
    try {
      Duration d = Duration.parse(t.strip());
      if (d.isNegative() || d.isZero()) {
        throw new BootException("ENCLAVE_BOOT_TIMEOUT must be positive, not " + t);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new BootException("ENCLAVE_BOOT_TIMEOUT is not an ISO-8601 duration like PT10M: " + t);
    }
  }

  /** The CA bundle to trust for the broker: the boot's own setting, else the image's file. */
  private Map<String, String> trust() {
    String bundle = own.get(CaBundle.VARIABLE);
    if ((bundle == null || bundle.isBlank()) && Files.isReadable(Path.of(DEFAULT_CA))) {
      bundle = DEFAULT_CA;
    }
    return bundle == null || bundle.isBlank() ? Map.of() : Map.of(CaBundle.VARIABLE, bundle);
  }

  /**
   * Jupyter's environment: this process's (PATH, HOME, locale) without its own settings, then the
   * workspace's environment from the broker, then the Jupyter configuration and the CA bundle so
   * kernels and the {@code enclave} command trust the broker too.
   */
  JupyterServer server(Map<String, String> environment, Map<String, String> trust) {
    Map<String, String> env = new LinkedHashMap<>(own);
    OWN_ONLY.forEach(env::remove);
    env.putAll(environment);
    env.putAll(trust);
    env.put(
        "JUPYTER_CONFIG_DIR",
        own.getOrDefault("ENCLAVE_JUPYTER_CONFIG_DIR", DEFAULT_JUPYTER_CONFIG));
    String port = environment.get(SESSION_PORT);
    if (port == null || !port.matches("\\d{1,5}")) {
      throw new BootException(
          "the broker's boot environment has no " + SESSION_PORT + " (got " + port + ")");
    }
    return new JupyterServer(
        own.getOrDefault("ENCLAVE_JUPYTER", "jupyter-notebook"),
        own.getOrDefault("ENCLAVE_SESSION_IP", "0.0.0.0"),
        Integer.parseInt(port),
        environment.getOrDefault(SESSION_BASE_URL, "/"),
        env,
        Path.of(own.getOrDefault("HOME", "/")));
  }

  private void say(String message) {
    log.println("enclave boot: " + message);
  }
}
