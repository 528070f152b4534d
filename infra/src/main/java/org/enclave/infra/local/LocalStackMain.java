package org.enclave.infra.local;

import java.io.PrintStream;

/**
 * {@code ./enclave up}: runs embedded PostgreSQL, Keycloak and the control plane until Ctrl-C, then
 * stops them in reverse order. Exits non-zero when something does not start or the control plane
 * stops on its own.
 */
public final class LocalStackMain {
  private static final int LOG_TAIL_LINES = 40;
  private static final int SIGINT_EXIT = 130;

  private LocalStackMain() {}

  public static void main(String[] args) {
    // zonky logs through SLF4J; the launcher has no SLF4J backend and needs none.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    PrintStream out = System.out;
    LocalStackConfig config;
    try {
      config = LocalStackConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(LocalStackConfig.USAGE);
      System.exit(2);
      return;
    }

    LocalStack stack = new LocalStack(config, out);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "enclave-local-stack-stop"));

    try {
      stack.start();
    } catch (Exception e) {
      if (stack.isStopping()) {
        return; // Ctrl-C during start: the shutdown hook is stopping what runs.
      }
      System.err.println();
      System.err.println(
          "error: " + (e instanceof LocalStackException ? e.getMessage() : e.toString()));
      System.exit(1); // the shutdown hook stops what did start
      return;
    }

    out.println(stack.banner());
    int exitCode;
    try {
      exitCode = stack.awaitControlPlaneExit();
    } catch (InterruptedException e) {
      return;
    }
    if (stack.isStopping() || exitCode == SIGINT_EXIT) {
      return; // Ctrl-C reached the control plane too; the shutdown hook stops the rest.
    }
    System.err.printf(
        "%nerror: the control plane stopped on its own (exit code %d). Last lines of %s:%n%s%n",
        exitCode, stack.controlPlane().logFile(), stack.controlPlane().logTail(LOG_TAIL_LINES));
    System.exit(1);
  }
}
