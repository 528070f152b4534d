package org.enclave.infra.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host process that enters a sandbox: feeds its stdin, collects its output (capped), and on
 * timeout kills it with everything it started.
 */
final class ExecRunner {
  /** How long to wait for output after the process ended (a daemon it left may keep a pipe). */
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

  private ExecRunner() {}

  static ExecResult run(ProcessBuilder builder, byte[] stdin, Duration timeout) {
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot run a command in the workspace", e);
    }
    OutputCollector out =
        new OutputCollector(
                process.getInputStream(), OutputCollector.Keep.HEAD, ExecResult.MAX_OUTPUT_CHARS)
            .start();
    OutputCollector err =
        new OutputCollector(
                process.getErrorStream(), OutputCollector.Keep.HEAD, ExecResult.MAX_OUTPUT_CHARS)
            .start();
    Thread feeder = new Thread(() -> feed(process.getOutputStream(), stdin), "exec-stdin");
    feeder.setDaemon(true);
    feeder.start();
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      out.join(DRAIN_WAIT.toMillis());
      err.join(DRAIN_WAIT.toMillis());
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "interrupted while running a command", e);
    }
    int exit = process.isAlive() ? 137 : process.exitValue();
    return new ExecResult(exit, out.text(), err.text(), timedOut);
  }

  private static void feed(OutputStream in, byte[] stdin) {
    try (in) {
      in.write(stdin);
    } catch (IOException e) {
      // The command did not read all of its input: that is its business.
    }
  }
}
