package org.enclave.infra.workspace;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts one sandbox: writes its generated files, places it in cgroups, launches bwrap in a new
 * session, records it, finds its init and waits until the broker bridge answers from inside. A
 * sandbox that does not become ready is stopped before the failure is reported.
 */
final class SandboxLauncher {
  static final String LOG_FILE = "sandbox.log";
  private static final File NO_INPUT = new File("/dev/null");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

  private final HostTools tools;
  private final boolean privileged;
  private final Optional<Cgroups> cgroups;
  private final Duration readyTimeout;
  private final SandboxStopper stopper;

  SandboxLauncher(
      HostTools tools,
      boolean privileged,
      Optional<Cgroups> cgroups,
      Duration readyTimeout,
      SandboxStopper stopper) {
    this.tools = tools;
    this.privileged = privileged;
    this.cgroups = cgroups;
    this.readyTimeout = readyTimeout;
    this.stopper = stopper;
  }

  SandboxRecord launch(WorkspaceSpec spec, WorkspaceRecord workspace, Path dir) {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    String region = region(spec.environment());
    SandboxFiles.Generated files;
    try {
      files = SandboxFiles.write(dir.resolve("files"), workspace.uid(), workspace.gid(), region);
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot write the sandbox's files", e);
    }
    Cgroups.Placement placement =
        cgroups
            .map(c -> c.place(spec.id(), spec.limits()))
            .orElseGet(
                () -> SandboxLimits.unplaced(spec.limits(), "cgroups disabled by configuration"));
    SandboxLimits sandboxLimits = SandboxLimits.of(spec.limits(), placement, privileged, true);
    List<String> rlimits = sandboxLimits.rlimits();
    List<LimitEnforcement> limits = sandboxLimits.limits();
    SandboxCommands.Confinement confinement =
        new SandboxCommands.Confinement(
            tools, privileged, workspace.uid(), workspace.gid(), placement.procs(), rlimits);
    Path runtimeDir =
        spec.runtimeDir() != null && Files.isDirectory(spec.runtimeDir())
            ? spec.runtimeDir()
            : null;
    SessionServer session = spec.session();
    SandboxCommands.Layout layout =
        new SandboxCommands.Layout(
            workspace.home(),
            spec.brokerSocket().getParent(),
            spec.brokerSocket().getFileName().toString(),
            files,
            spec.limits().memoryMiB() * 1024 * 1024,
            spec.command(),
            session == null ? null : session.hostDir(),
            runtimeDir);

    Path log = dir.resolve(LOG_FILE);
    ProcessBuilder builder = new ProcessBuilder(SandboxCommands.launch(confinement, layout));
    // Secrets in the environment stay off command lines, which every host user can read.
    builder.environment().clear();
    builder.environment().putAll(environment(spec, region, runtimeDir != null));
    builder
        .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(rotate(log).toFile()));

    SandboxRecord record = null;
    try {
      Instant startedAt = Instant.now();
      Process outer = builder.start();
      record =
          new SandboxRecord(
              Procs.ProcessId.of(outer.pid())
                  .orElseThrow(() -> failed(spec.id(), "bwrap exited at once", log)),
              null,
              startedAt,
              placement.groups(),
              placement.procs(),
              rlimits,
              limits,
              session == null ? null : session.socket());
      record.write(dir);
      record = record.withInit(awaitInit(spec.id(), outer, deadline, log));
      record.write(dir);
      awaitReady(spec.id(), confinement, record.init(), deadline, log);
      if (session != null) {
        new SessionStartup(session, workspace, privileged)
            .await(spec.id(), record.init(), deadline, log);
      }
      return record;
    } catch (IOException | RuntimeException e) {
      if (record != null) {
        stopper.stop(record);
        SandboxRecord.delete(dir);
      }
      Cgroups.remove(placement.groups());
      if (e instanceof WorkspaceException w
          && w.reason() == WorkspaceException.Reason.START_FAILED) {
        throw w;
      }
      throw new WorkspaceException(
          WorkspaceException.Reason.START_FAILED,
          "workspace " + spec.id() + " did not start: " + e.getMessage() + logTail(log),
          e);
    }
  }

  /** The environment inside: the provider's defaults, then the spec's on top. */
  static Map<String, String> environment(WorkspaceSpec spec, String region, boolean runtime) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", SandboxLayout.HOME);
    env.put("USER", SandboxLayout.USER);
    env.put("LOGNAME", SandboxLayout.USER);
    env.put("SHELL", "/bin/bash");
    env.put(
        "PATH",
        runtime ? SandboxLayout.RUNTIME_DIR + "/bin:" + SandboxLayout.PATH : SandboxLayout.PATH);
    if (runtime) {
      env.put("JUPYTER_PATH", SandboxLayout.RUNTIME_DIR);
    }
    env.put("JUPYTER_CONFIG_DIR", SandboxLayout.JUPYTER_CONFIG_DIR);
    env.put("LANG", "C.UTF-8");
    env.put("PYTHONPATH", SandboxLayout.PYTHON_DIR);
    env.put("AWS_CONFIG_FILE", SandboxLayout.AWS_CONFIG);
    env.put("AWS_ENDPOINT_URL", BubblewrapWorkspaceProvider.BROKER_ENDPOINT.toString());
    // There is no instance metadata service to ask for credentials or a region: do not try.
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    env.putAll(spec.environment());
    return env;
  }

  static String region(Map<String, String> environment) {
    String region = environment.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      region = environment.get("AWS_DEFAULT_REGION");
    }
    return region == null || region.isBlank() ? SandboxFiles.DEFAULT_REGION : region;
  }

  /** The sandbox's init: the outer bwrap's only child, pid 1 of a new pid namespace. */
  private static Procs.ProcessId awaitInit(String id, Process outer, long deadline, Path log) {
    Optional<String> ownNamespace = Procs.pidNamespace(ProcessHandle.current().pid());
    while (System.nanoTime() - deadline < 0) {
      Optional<Procs.ProcessId> init =
          outer
              .children()
              .map(ProcessHandle::pid)
              .filter(pid -> !Procs.pidNamespace(pid).equals(ownNamespace))
              .findFirst()
              .flatMap(Procs.ProcessId::of);
      if (init.isPresent()) {
        return init.get();
      }
      if (!outer.isAlive()) {
        throw failed(id, "bwrap exited with " + outer.exitValue(), log);
      }
      sleep(2);
    }
    throw failed(id, "no sandbox init within the start timeout", log);
  }

  private void awaitReady(
      String id,
      SandboxCommands.Confinement confinement,
      Procs.ProcessId init,
      long deadline,
      Path log)
      throws IOException {
    ProcessBuilder probe = new ProcessBuilder(SandboxCommands.probe(confinement, init.pid()));
    probe.environment().clear();
    probe.redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    probe.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    probe.redirectError(ProcessBuilder.Redirect.DISCARD);
    while (System.nanoTime() - deadline < 0) {
      if (!init.isAlive()) {
        throw failed(id, "the sandbox exited while starting", log);
      }
      Process attempt = probe.start();
      try {
        if (attempt.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            && attempt.exitValue() == 0) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed(id, "interrupted", log);
      } finally {
        attempt.destroyForcibly();
      }
    }
    throw failed(id, "the broker bridge did not answer within the start timeout", log);
  }

  static WorkspaceException failed(String id, String why, Path log) {
    return new WorkspaceException(
        WorkspaceException.Reason.START_FAILED,
        "workspace " + id + " did not start: " + why + logTail(log));
  }

  /** Keeps the previous run's log as {@code <log>.1}. */
  private static Path rotate(Path log) {
    try {
      if (Files.exists(log)) {
        Files.move(
            log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      return log;
    } catch (IOException e) {
      throw new WorkspaceException(WorkspaceException.Reason.HOST_ERROR, "cannot rotate " + log, e);
    }
  }

  /** The end of the sandbox log, for failure messages (bwrap and socat report there). */
  static String logTail(Path log) {
    try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
      int size = (int) Math.min(in.length(), 2048);
      byte[] bytes = new byte[size];
      in.seek(in.length() - size);
      in.readFully(bytes);
      String tail = new String(bytes, StandardCharsets.UTF_8).strip();
      return tail.isEmpty() ? "" : "; sandbox log ends with: " + tail;
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException(WorkspaceException.Reason.START_FAILED, "interrupted", e);
    }
  }
}
