package org.enclave.workspace.runtime.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.enclave.workspace.runtime.client.EnclaveClient;

/**
 * Starts the kernel: {@code kernel [--engine NAME] CONNECTION_FILE}, as a kernel spec's {@code
 * argv} does with {@code {connection_file}}. The engine defaults to Groovy; {@code enclave} is
 * bound to a client of the data broker that the workspace's environment names.
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    String engine = Engines.DEFAULT;
    String connectionFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--engine") && i + 1 < args.length) {
        engine = args[++i];
      } else if (args[i].startsWith("--engine=")) {
        engine = args[i].substring("--engine=".length());
      } else if (connectionFile == null && !args[i].startsWith("--")) {
        connectionFile = args[i];
      } else {
        fail("unexpected argument '" + args[i] + "'");
      }
    }
    if (connectionFile == null) {
      fail("no connection file given");
    }
    String json;
    try {
      json = Files.readString(Path.of(connectionFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      fail("cannot read the connection file " + connectionFile + ": " + e.getMessage());
      return;
    }

    // The protocol library logs every message at INFO, and Jupyter shows the kernel's stderr.
    Logger.getLogger("").setLevel(Level.WARNING);

    Map<String, Object> preBound = new LinkedHashMap<>();
    preBound.put("enclave", EnclaveClient.fromEnvironmentOrExplain(System.getenv()));
    ScriptKernel kernel;
    try {
      kernel = new ScriptKernel(engine, preBound);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }

    JupyterConnection connection = new JupyterConnection(KernelConnectionProperties.parse(json));
    kernel.becomeHandlerForConnection(connection);
    Signals.onInterrupt(kernel::interrupt);
    connection.connect();
    connection.waitUntilClose();
    kernel.onShutdown(false);
    System.exit(0);
  }

  private static void fail(String message) {
    System.err.println("enclave kernel: " + message);
    System.err.println("usage: kernel [--engine NAME] CONNECTION_FILE");
    System.exit(2);
  }
}
