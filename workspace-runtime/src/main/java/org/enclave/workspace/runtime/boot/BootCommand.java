package org.enclave.workspace.runtime.boot;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.enclave.workspace.runtime.client.CaBundle;
import org.enclave.workspace.runtime.client.EnclaveException;

/**
 * {@code enclave boot}: what a workspace instance on EC2 runs at start, in two steps, each its own
 * systemd unit:
 *
 * <ol>
 *   <li>{@code enclave boot --save-user-data FILE} ({@code enclave-metadata.service}, the only
 *       process of the instance allowed to reach the instance metadata service) reads the user data
 *       through IMDSv2, checks it is the enclave's document and saves it to {@code FILE}, readable
 *       by its owner only;
 *   <li>{@code enclave boot} ({@code enclave-workspace.service}, which can never reach the metadata
 *       service, and neither can Jupyter nor any kernel it starts) reads the saved user data,
 *       redeems its one-time boot token at the broker for the workspace's environment, starts
 *       Jupyter with that environment on the session port, reports ready through the broker once
 *       Jupyter answers, then stays in the foreground as long as Jupyter runs and exits with its
 *       status.
 * </ol>
 *
 * <p>Its own settings come from its environment, all optional: {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT} (first step), {@code ENCLAVE_USER_DATA_FILE} ({@value
 * #DEFAULT_USER_DATA}), {@code AWS_CA_BUNDLE} (default {@value #DEFAULT_CA} when that file exists),
 * {@code ENCLAVE_JUPYTER} ({@code jupyter-notebook}), {@code ENCLAVE_JUPYTER_CONFIG_DIR} ({@value
 * #DEFAULT_JUPYTER_CONFIG}), {@code ENCLAVE_SESSION_IP} ({@code 0.0.0.0}) and {@code
 * ENCLAVE_BOOT_TIMEOUT} ({@code PT10M}).
 */
public final class BootCommand {
  static final String DEFAULT_CA = "/etc/enclave/broker-ca.pem";
  static final String DEFAULT_USER_DATA = "/run/enclave/user-data";
  static final String USER_DATA_FILE = "ENCLAVE_USER_DATA_FILE";
  static final String DEFAULT_JUPYTER_CONFIG = "/etc/enclave/jupyter";
  static final String SESSION_PORT = "ENCLAVE_SESSION_PORT";
  static final String SESSION_BASE_URL = "ENCLAVE_SESSION_BASE_URL";

  /** Variables of the boot process that Jupyter and its kernels must not inherit. */
  private static final List<String> OWN_ONLY =
      List.of(
          "AWS_EC2_METADATA_SERVICE_ENDPOINT",
          USER_DATA_FILE,
          "ENCLAVE_JUPYTER",
          "ENCLAVE_JUPYTER_CONFIG_DIR",
          "ENCLAVE_SESSION_IP",
          "ENCLAVE_BOOT_TIMEOUT");

  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

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
    BootCommand boot = new BootCommand(System.getenv(), Clock.systemUTC(), System.err);
    if (args.length == 0) {
      return boot.run();
    }
    if (args.length == 2 && args[0].equals("--save-user-data")) {
      return boot.saveUserData(Path.of(args[1]));
    }
    System.err.println(
        "usage: enclave boot --save-user-data FILE   (enclave-metadata.service)\n"
            + "       enclave boot                         (enclave-workspace.service)\n"
            + "  run on a workspace instance by its systemd units; settings come from the"
            + " environment, see docs/aws.md");
    return 2;
  }

  /**
   * The first step: the user data from IMDSv2, checked and saved to {@code file} (mode 600,
   * replaced atomically). Exit status 0, or 1 with the reason.
   */
  int saveUserData(Path file) throws InterruptedException {
    try {
      Deadline deadline = new Deadline(clock, timeout());
      InstanceMetadata imds =
          new InstanceMetadata(
              URI.create(
                  own.getOrDefault(
                      "AWS_EC2_METADATA_SERVICE_ENDPOINT", InstanceMetadata.DEFAULT_ENDPOINT)),
              plainHttp());
      String text = deadline.retry(imds::userData, this::say);
      UserData data = UserData.parse(text);
      Path dir = file.toAbsolutePath().getParent();
      Path partial = Files.createTempFile(dir, ".user-data", ".partial", OWNER_ONLY);
      try {
        Files.writeString(partial, text);
        Files.move(
            partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
      say("saved the user data of workspace " + data.workspace() + " to " + file);
      return 0;
    } catch (BootException | EnclaveException e) {
      say("could not save the user data: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      say("could not save the user data to " + file + ": " + e);
      return 1;
    }
  }

  private static HttpClient plainHttp() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** The saved user data; this step never asks the metadata service. */
  private UserData savedUserData() {
    Path file = Path.of(own.getOrDefault(USER_DATA_FILE, DEFAULT_USER_DATA));
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BootException(
          "no user data at "
              + file
              + ": enclave-metadata.service saves it there first (enclave boot --save-user-data "
              + file
              + ")");
    } catch (IOException e) {
      throw new BootException("the user data at " + file + " cannot be read: " + e);
    }
    return UserData.parse(text);
  }

  int run() throws InterruptedException {
    Process jupyter = null;
    try {
      Deadline deadline = new Deadline(clock, timeout());
      Map<String, String> trust = trust();
      HttpClient http = CaBundle.httpClient(trust).connectTimeout(Duration.ofSeconds(3)).build();
      HttpClient plain = plainHttp();

      UserData data = savedUserData();
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
