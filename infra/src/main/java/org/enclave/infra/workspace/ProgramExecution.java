package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A started program run: waits for it within its time limit, kills every process of it when the
 * time is up, and says how it ended.
 */
final class ProgramExecution {
  private static final Logger LOG = Logger.getLogger(ProgramExecution.class.getName());

  /** How long to wait for the log after the run ended. */
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

  private final String id;
  private final Process process;
  private final long startNanos;
  private final Duration timeLimit;
  private final List<Path> cgroups;
  private final Path output;
  private final List<LimitEnforcement> limits;
  private final OutputCollector log;

  ProgramExecution(
      String id,
      Process process,
      long startNanos,
      Duration timeLimit,
      List<Path> cgroups,
      Path output,
      List<LimitEnforcement> limits) {
    this.id = id;
    this.process = process;
    this.startNanos = startNanos;
    this.timeLimit = timeLimit;
    this.cgroups = cgroups;
    this.output = output;
    this.limits = limits;
    this.log =
        new OutputCollector(
                process.getInputStream(),
                OutputCollector.Keep.TAIL,
                ProgramResult.MAX_LOG_BYTES,
                ProgramCommands.STARTED)
            .start();
  }

  /**
   * Waits for the run to end, or ends it when its time is up.
   *
   * @throws WorkspaceException {@code START_FAILED} if the sandbox was never set up, {@code
   *     HOST_ERROR} if interrupted; every process of the run is gone either way
   */
  ProgramResult await() {
    boolean timedOut;
    long endNanos;
    try {
      long remaining = startNanos + timeLimit.toNanos() - System.nanoTime();
      timedOut = !process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      if (timedOut) {
        killAll();
      }
      endNanos = System.nanoTime();
      // Nothing is left after a normal end (the sandbox's init waited for all); make sure.
      if (!Cgroups.killAll(cgroups, ProgramSandbox.KILL_WAIT)) {
        LOG.warning(() -> "processes of run " + id + " outlived it in " + cgroups);
      }
      log.join(DRAIN_WAIT.toMillis());
    } catch (InterruptedException e) {
      killAll();
      Thread.currentThread().interrupt();
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "interrupted while running " + id, e);
    }
    if (!timedOut && !log.sawMarker()) {
      throw new WorkspaceException(
          WorkspaceException.Reason.START_FAILED,
          "the sandbox of run " + id + " was not set up: " + tail(log.text()));
    }
    Integer exitCode = timedOut ? null : process.exitValue();
    boolean outOfMemory =
        exitCode != null && exitCode != 0 && Cgroups.oomKilled(cgroups, exitCode == 128 + 9);
    List<Path> left = Cgroups.remove(cgroups);
    if (!left.isEmpty()) {
      LOG.warning(() -> "cgroups of run " + id + " not removed yet: " + left);
    }
    ProgramResult.Outcome outcome =
        timedOut
            ? ProgramResult.Outcome.TIMED_OUT
            : outOfMemory ? ProgramResult.Outcome.OUT_OF_MEMORY : ProgramResult.Outcome.EXITED;
    return new ProgramResult(
        outcome,
        outcome == ProgramResult.Outcome.EXITED ? exitCode : null,
        Duration.ofNanos(endNanos - startNanos),
        log.text(),
        log.truncated(),
        output,
        limits);
  }

  /**
   * Kills every process of the run: the sandbox's init (the kernel then kills everything in its pid
   * namespace at once, forks in flight included), the run's processes on the host side (the timer
   * and the outer bwrap, in a session of their own), and whatever else is in its cgroups; then
   * waits until they are gone. Does nothing to a run that has ended.
   */
  void killAll() {
    Optional<String> ownNamespace = Procs.pidNamespace(ProcessHandle.current().pid());
    List<ProcessHandle> descendants = process.descendants().toList();
    Optional<String> sandboxNamespace = Optional.empty();
    for (ProcessHandle p : descendants) {
      Optional<String> namespace = Procs.pidNamespace(p.pid());
      boolean parentOutside =
          p.parent()
              .map(parent -> Procs.pidNamespace(parent.pid()).equals(ownNamespace))
              .orElse(false);
      if (namespace.isPresent() && !namespace.equals(ownNamespace) && parentOutside) {
        p.destroyForcibly();
        sandboxNamespace = namespace;
      }
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    Cgroups.killAll(cgroups, ProgramSandbox.KILL_WAIT);
    sandboxNamespace.ifPresent(
        ns -> SandboxStopper.await(() -> Procs.membersOf(ns).isEmpty(), ProgramSandbox.KILL_WAIT));
    try {
      process.waitFor(ProgramSandbox.KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(String text) {
    String stripped = text.strip();
    return stripped.length() <= 2048 ? stripped : stripped.substring(stripped.length() - 2048);
  }
}
