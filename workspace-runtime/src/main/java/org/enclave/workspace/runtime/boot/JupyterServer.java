package org.enclave.workspace.runtime.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Jupyter Notebook server of a workspace on EC2: the same server and configuration as in a
 * local sandbox ({@code /etc/enclave/jupyter}, which takes the token from {@code JUPYTER_TOKEN} and
 * refuses downloads), listening on the session port of the instance's private address instead of a
 * Unix socket. The security group lets only the control plane reach that port, and every request
 * needs the per-start token.
 *
 * @param executable the {@code jupyter-notebook} command
 * @param ip the address to listen on
 * @param port the session port, from {@code ENCLAVE_SESSION_PORT}
 * @param basePath the path it serves under, from {@code ENCLAVE_SESSION_BASE_URL}
 * @param environment the server's whole environment
 * @param directory its working directory (the workspace user's home)
 */
record JupyterServer(
    String executable,
    String ip,
    int port,
    String basePath,
    Map<String, String> environment,
    Path directory) {
  private static final Pattern BASE_PATH = Pattern.compile("/([A-Za-z0-9_.-]+/)*");

  JupyterServer {
    if (port < 1 || port > 65535) {
      throw new BootException("ENCLAVE_SESSION_PORT must be a TCP port, not " + port);
    }
    if (!BASE_PATH.matcher(basePath).matches()
        || List.of(basePath.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
      throw new BootException("ENCLAVE_SESSION_BASE_URL is not a path like /s/abc/: " + basePath);
    }
    environment = Map.copyOf(environment);
  }

  /** The command line; the configuration file sets everything else. */
  List<String> command() {
    List<String> c = new ArrayList<>();
    c.add(executable);
    c.add("--ip=" + ip);
    c.add("--port=" + port);
    c.add("--port-retries=0");
    c.add("--no-browser");
    c.add("--NotebookApp.base_url=" + basePath);
    // Requests come from the control plane's session proxy, with the instance's address as Host.
    c.add("--NotebookApp.allow_remote_access=True");
    return c;
  }

  /** Starts the server; its output goes to this process's (the journal under systemd). */
  Process start() {
    ProcessBuilder pb = new ProcessBuilder(command()).inheritIO();
    pb.environment().clear();
    pb.environment().putAll(environment);
    if (Files.isDirectory(directory)) {
      pb.directory(directory.toFile());
    }
    try {
      return pb.start();
    } catch (IOException e) {
      throw new BootException("Jupyter could not be started (" + executable + "): " + e);
    }
  }

  /**
   * Waits until the server answers its status page on the loopback address.
   *
   * @throws BootException if it exits first or does not answer by the deadline
   */
  void awaitServing(Process process, HttpClient http, Deadline deadline)
      throws InterruptedException {
    URI probe = URI.create("http://127.0.0.1:" + port + basePath + "api");
    String last = "no answer yet";
    while (true) {
      if (!process.isAlive()) {
        throw new BootException(
            "Jupyter exited with status " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      if (!deadline.sleep(Duration.ofMillis(200))) {
        throw new BootException("Jupyter did not serve " + probe + " in time: " + last);
      }
    }
  }
}
