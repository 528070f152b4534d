package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Jupyter Notebook server that runs as a workspace's main process, for the control plane's
 * session proxy. It listens on a Unix socket in {@code hostDir} (shown inside as {@code
 * /run/enclave/session}), serves under {@code basePath}, and accepts only requests that carry the
 * token passed in the workspace's environment as {@link #TOKEN_VARIABLE}.
 *
 * @param hostDir a directory on the host that belongs to this workspace alone; the provider empties
 *     it on start, lets the workspace create its socket there, then takes the workspace's write
 *     access away so that the socket can no longer be replaced
 * @param basePath the path prefix the server serves under, as the proxy's browsers see it: starts
 *     and ends with {@code /}, letters, digits and {@code -_./} only, no dot segments
 */
public record SessionServer(Path hostDir, String basePath) {
  /** The environment variable that carries the server's token; the server removes it on start. */
  public static final String TOKEN_VARIABLE = "JUPYTER_TOKEN";

  /** The shortest token the server accepts. */
  public static final int MIN_TOKEN_LENGTH = 32;

  /** The socket's file name in {@link #hostDir}. */
  public static final String SOCKET_NAME = SandboxLayout.SESSION_SOCKET_NAME;

  private static final Pattern BASE_PATH = Pattern.compile("/([A-Za-z0-9_.-]+/)*");

  public SessionServer {
    if (hostDir == null || !hostDir.isAbsolute()) {
      throw invalid("the session directory must be an absolute path");
    }
    hostDir = hostDir.normalize();
    if (basePath == null
        || !BASE_PATH.matcher(basePath).matches()
        || List.of(basePath.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
      throw invalid("invalid session base path: " + basePath);
    }
  }

  /** The server's socket on the host. */
  public Path socket() {
    return hostDir.resolve(SOCKET_NAME);
  }

  /** A path the server answers without a token once it is up; the provider waits for it. */
  public String probePath() {
    return basePath + "api";
  }

  /** The main command: Jupyter Notebook on the session socket, configured by the provider. */
  List<String> command() {
    return List.of(
        "jupyter-notebook",
        "--sock=" + SandboxLayout.SESSION_SOCKET,
        "--sock-mode=0600",
        "--NotebookApp.base_url=" + basePath);
  }

  private static WorkspaceException invalid(String message) {
    return new WorkspaceException(WorkspaceException.Reason.INVALID_SPEC, message);
  }
}
