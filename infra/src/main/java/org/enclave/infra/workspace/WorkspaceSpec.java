package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to start.
 *
 * @param id the workspace id ({@link WorkspaceIds safe characters only})
 * @param homeRoot the directory under which the workspace's home, {@code <homeRoot>/<id>}, lives
 * @param brokerSocket the host path of the data broker's Unix socket for this workspace. Its
 *     directory must belong to this workspace alone: the whole directory is made visible inside, so
 *     that the broker may re-create the socket (after a control-plane restart, say)
 * @param environment variables preset inside, on top of the provider's own (the broker credentials
 *     and region, for instance); names are {@code [A-Za-z_][A-Za-z0-9_]*}
 * @param limits resources the workspace may use
 * @param command the workspace's main process; the workspace stops when it exits. Empty means an
 *     idle process, or the session server if there is one
 * @param session the Jupyter server to run as the main process, or null for none. Then {@code
 *     command} must be empty and {@code environment} must carry the server's token
 * @param runtimeDir a host directory of kernels and tools for workspaces (the JVM kernel), shown
 *     read-only at {@code /opt/enclave/runtime} with its {@code bin} on the {@code PATH} and the
 *     directory itself on {@code JUPYTER_PATH}; null for none
 * @param labels what the provider may record about the workspace where its cloud shows it (tags):
 *     {@link #LABEL_TEAM}, {@link #LABEL_OWNER}, {@link #LABEL_SIZE}; names {@code
 *     [a-z][a-z0-9-]{0,31}}, values at most 256 characters without control characters
 */
public record WorkspaceSpec(
    String id,
    Path homeRoot,
    Path brokerSocket,
    Map<String, String> environment,
    WorkspaceLimits limits,
    List<String> command,
    SessionServer session,
    Path runtimeDir,
    Map<String, String> labels) {
  public static final String LABEL_TEAM = "team";
  public static final String LABEL_OWNER = "owner";
  public static final String LABEL_SIZE = "size";

  /** What runs when no command is given: nothing, until the workspace is stopped. */
  public static final List<String> IDLE = List.of("sleep", "infinity");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public WorkspaceSpec {
    WorkspaceIds.requireValid(id);
    homeRoot = requireAbsolute(homeRoot, "homeRoot");
    brokerSocket = requireAbsolute(brokerSocket, "brokerSocket");
    if (brokerSocket.getParent() == null) {
      throw invalid("brokerSocket must be inside a directory");
    }
    environment = copyEnvironment(environment);
    limits = limits == null ? WorkspaceLimits.DEFAULT : limits;
    if (session != null) {
      if (command != null && !command.isEmpty()) {
        throw invalid("a workspace with a session server runs it as its main command");
      }
      String token = environment.get(SessionServer.TOKEN_VARIABLE);
      if (token == null || token.length() < SessionServer.MIN_TOKEN_LENGTH) {
        throw invalid(
            "a session server needs a token of at least "
                + SessionServer.MIN_TOKEN_LENGTH
                + " characters in "
                + SessionServer.TOKEN_VARIABLE);
      }
      if (session.hostDir().equals(brokerSocket.getParent())) {
        throw invalid("the session directory must not be the broker socket's");
      }
      command = session.command();
    }
    command = command == null || command.isEmpty() ? IDLE : List.copyOf(command);
    if (command.stream().anyMatch(arg -> arg.indexOf('\0') >= 0)) {
      throw invalid("command arguments must not contain NUL");
    }
    if (runtimeDir != null) {
      runtimeDir = requireAbsolute(runtimeDir, "runtimeDir");
    }
    labels = copyLabels(labels);
  }

  public WorkspaceSpec(
      String id,
      Path homeRoot,
      Path brokerSocket,
      Map<String, String> environment,
      WorkspaceLimits limits,
      List<String> command,
      SessionServer session,
      Path runtimeDir) {
    this(id, homeRoot, brokerSocket, environment, limits, command, session, runtimeDir, Map.of());
  }

  public WorkspaceSpec(
      String id,
      Path homeRoot,
      Path brokerSocket,
      Map<String, String> environment,
      WorkspaceLimits limits,
      List<String> command) {
    this(id, homeRoot, brokerSocket, environment, limits, command, null, null);
  }

  /** A workspace with no extra environment, default limits and the idle command. */
  public static WorkspaceSpec of(String id, Path homeRoot, Path brokerSocket) {
    return new WorkspaceSpec(id, homeRoot, brokerSocket, Map.of(), null, null);
  }

  public WorkspaceSpec withEnvironment(Map<String, String> newEnvironment) {
    return new WorkspaceSpec(
        id,
        homeRoot,
        brokerSocket,
        newEnvironment,
        limits,
        userCommand(),
        session,
        runtimeDir,
        labels);
  }

  public WorkspaceSpec withLimits(WorkspaceLimits newLimits) {
    return new WorkspaceSpec(
        id,
        homeRoot,
        brokerSocket,
        environment,
        newLimits,
        userCommand(),
        session,
        runtimeDir,
        labels);
  }

  public WorkspaceSpec withCommand(List<String> newCommand) {
    return new WorkspaceSpec(
        id, homeRoot, brokerSocket, environment, limits, newCommand, session, runtimeDir, labels);
  }

  /** The same workspace with {@code server} as its main process (null: none). */
  public WorkspaceSpec withSession(SessionServer server) {
    return new WorkspaceSpec(
        id, homeRoot, brokerSocket, environment, limits, List.of(), server, runtimeDir, labels);
  }

  /** The same workspace with a runtime directory (null: none). */
  public WorkspaceSpec withRuntimeDir(Path dir) {
    return new WorkspaceSpec(
        id, homeRoot, brokerSocket, environment, limits, userCommand(), session, dir, labels);
  }

  /** The same workspace with these labels (replacing any it had). */
  public WorkspaceSpec withLabels(Map<String, String> newLabels) {
    return new WorkspaceSpec(
        id,
        homeRoot,
        brokerSocket,
        environment,
        limits,
        userCommand(),
        session,
        runtimeDir,
        newLabels);
  }

  /** The command as given: the session server's is derived, not given. */
  private List<String> userCommand() {
    return session == null ? command : List.of();
  }

  /** The host directory that is the workspace's home. */
  public Path home() {
    return homeRoot.resolve(id);
  }

  private static Path requireAbsolute(Path path, String name) {
    if (path == null || !path.isAbsolute()) {
      throw invalid(name + " must be an absolute path");
    }
    return path.normalize();
  }

  /** A copy of {@code environment}, its names and values checked; empty for null. */
  static Map<String, String> copyEnvironment(Map<String, String> environment) {
    if (environment == null) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name == null || !ENV_NAME.matcher(name).matches()) {
            throw invalid("invalid environment variable name: " + name);
          }
          if (value == null || value.indexOf('\0') >= 0) {
            throw invalid("environment variable " + name + " has no value or contains NUL");
          }
          copy.put(name, value);
        });
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static Map<String, String> copyLabels(Map<String, String> labels) {
    if (labels == null) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    labels.forEach(
        (name, value) -> {
          if (name == null || !LABEL_NAME.matcher(name).matches()) {
            throw invalid("label names are 1-32 of a-z, 0-9 and -, starting with a letter");
          }
          if (value == null
              || value.length() > 256
              || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(
                "label " + name + " must be at most 256 characters without control characters");
          }
          copy.put(name, value);
        });
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static WorkspaceException invalid(String message) {
    return new WorkspaceException(WorkspaceException.Reason.INVALID_SPEC, message);
  }
}
