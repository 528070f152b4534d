package org.enclave.infra.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    Collector out = new Collector(process.getInputStream());
    Collector err = new Collector(process.getErrorStream());
    Thread feeder = daemon("exec-stdin", () -> feed(process.getOutputStream(), stdin));
    out.start();
    err.start();
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

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Reads a stream to its end, keeping the first {@link ExecResult#MAX_OUTPUT_CHARS} bytes. */
  private static final class Collector {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;

    Collector(InputStream in) {
      this.in = in;
      this.thread = daemon("exec-output", this::drain);
    }

    void start() {
      thread.start();
    }

    void join(long millis) throws InterruptedException {
      thread.join(millis);
    }

    private void drain() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          synchronized (kept) {
            int room = ExecResult.MAX_OUTPUT_CHARS - kept.size();
            kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
          }
        }
      } catch (IOException e) {
        // The process is gone; keep what was read.
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
