package org.enclave.infra.workspace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;

/**
 * Runs an organizer's program (a scoring script or jar) once, to completion, in a bubblewrap
 * sandbox without any network: the host's {@code /usr} and a curated {@code /etc} read-only, the
 * run's inputs read-only at their sandbox paths, {@code /output} writable, a private {@code /tmp},
 * and nothing else of the host. As root, the program runs as {@link ProgramSandboxConfig#runUid()}
 * without capabilities; otherwise in an unprivileged user namespace. Its wall-clock time, memory,
 * processes, CPU, file sizes and open files are limited, and {@link ProgramResult#limits()} says
 * how each was enforced here. See {@code docs/program-sandbox.md}.
 *
 * <p>Thread-safe: runs may overlap, each in namespaces, a directory and cgroups of its own.
 */
public final class ProgramSandbox {
  /** How long killing a run's processes may take before it is reported. */
  static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /** Open files per process of a run, as for workspaces. */
  static final int OPEN_FILES = 1024;

  /** CPU seconds per process, as a multiple of the wall-clock limit (times the cores). */
  static final int CPU_TIME_FACTOR = 4;

  private static final File NO_INPUT = new File("/dev/null");

  private final ProgramSandboxConfig config;
  private final HostTools tools;
  private final boolean privileged;
  private final long uid;
  private final long gid;
  private final Optional<Cgroups> cgroups;
  private final Path javaHome;
  private final Path runsDir;

  /**
   * Checks the host (bwrap, setpriv, prlimit, timeout must be installed), opens the state directory
   * and removes the runs a control plane that is gone left there.
   */
  public ProgramSandbox(ProgramSandboxConfig config) {
    this(config, HostTools.locate());
  }

  ProgramSandbox(ProgramSandboxConfig config, HostTools tools) {
    this.config = config;
    this.tools = tools;
    long[] ids = Procs.selfIds();
    this.privileged = ids[0] == 0;
    this.uid = privileged ? config.runUid() : ids[0];
    this.gid = privileged ? config.runUid() : ids[1];
    this.cgroups = Optional.ofNullable(config.cgroupName()).map(Cgroups::detect);
    this.runsDir = config.stateDir().resolve("runs");
    try {
      this.javaHome = Path.of(System.getProperty("java.home")).toRealPath();
      Files.createDirectories(runsDir);
      Files.setPosixFilePermissions(
          config.stateDir(), PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.UNAVAILABLE, "cannot use state dir " + config.stateDir(), e);
    }
    ProgramRunDir.sweep(runsDir);
  }

  /**
   * The {@code java} launcher of the control plane's own JDK, as seen inside: the host's {@code
   * /usr} holds it, or the JDK is shown read-only at its own path. Give it a heap below the run's
   * memory limit ({@code -Xmx}): the JVM inside sees no cgroup and would size its heap from the
   * host's memory. {@code -XX:+UseSerialGC} keeps its threads (which count as processes) and its
   * memory few.
   */
  public String javaCommand() {
    return javaHome.resolve("bin").resolve("java").toString();
  }

  /**
   * Runs {@code run} to completion, or until a limit ends it. Never throws for what the program
   * does; only for host failures, and then nothing of the run is left.
   *
   * @throws WorkspaceException {@code INVALID_SPEC} if an input's host file is missing or the id is
   *     in use, {@code START_FAILED} if the sandbox could not be set up, {@code HOST_ERROR} if the
   *     host failed otherwise
   */
  public ProgramResult run(ProgramRun run) {
    checkInputs(run);
    ProgramRunDir dir = ProgramRunDir.create(runsDir, run.id());
    ProgramExecution execution = null;
    try {
      execution = start(run, dir);
      return execution.await();
    } catch (IOException | RuntimeException e) {
      if (execution != null) {
        execution.killAll();
      }
      ProgramRunDir.delete(dir.dir);
      if (e instanceof WorkspaceException w) {
        throw w;
      }
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR,
          "run " + run.id() + " did not start: " + e.getMessage(),
          e);
    }
  }

  private ProgramExecution start(ProgramRun run, ProgramRunDir dir) throws IOException {
    Map<String, Path> etc =
        SandboxFiles.writeEtc(
            dir.dir.resolve("etc"),
            new SandboxFiles.Identity(
                ProgramCommands.USER,
                uid,
                gid,
                "Enclave program run",
                ProgramCommands.HOME,
                ProgramCommands.HOSTNAME));
    Map<String, Path> inputs = dir.copyInputs(run.inputs());
    Path output = dir.createOutput(privileged, uid, gid);

    WorkspaceLimits requested =
        new WorkspaceLimits(config.cpus(), run.memoryMiB(), run.pids(), OPEN_FILES);
    Cgroups.Placement placement =
        cgroups
            .map(c -> c.place(run.id(), requested))
            .orElseGet(
                () -> SandboxLimits.unplaced(requested, "cgroups disabled by configuration"));
    try {
      dir.record(placement.groups());
    } catch (RuntimeException e) {
      Cgroups.remove(placement.groups());
      throw e;
    }
    SandboxLimits limits = limits(run, requested, placement);
    SandboxCommands.Confinement confinement =
        new SandboxCommands.Confinement(
            tools, privileged, uid, gid, placement.procs(), limits.rlimits());
    ProgramCommands.Layout layout =
        new ProgramCommands.Layout(
            etc, inputs, output, run.memoryMiB() * 1024 * 1024, javaHomeToBind());

    ProcessBuilder builder =
        new ProcessBuilder(
            ProgramCommands.launch(confinement, layout, run.timeLimit(), run.command()));
    builder.environment().clear();
    builder.environment().putAll(environment(run));
    builder.redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).redirectErrorStream(true);
    long startNanos = System.nanoTime();
    Process process = builder.start();
    return new ProgramExecution(
        run.id(),
        process,
        startNanos,
        run.timeLimit(),
        placement.groups(),
        output,
        limits.limits());
  }

  /** The cgroup limits and rlimits of workspaces, and the time, CPU-time and file-size limits. */
  private SandboxLimits limits(
      ProgramRun run, WorkspaceLimits requested, Cgroups.Placement placement) {
    long cpuSeconds =
        (long)
            Math.ceil(
                run.timeLimit().toMillis()
                    / 1000.0
                    * CPU_TIME_FACTOR
                    * Math.max(1, Math.ceil(config.cpus())));
    return SandboxLimits.of(requested, placement, privileged, false)
        .add(
            new LimitEnforcement(
                Limit.TIME,
                seconds(run.timeLimit()),
                Mechanism.WATCHDOG,
                "wall clock from the sandbox's start: the control plane kills the sandbox's init,"
                    + " its host processes and its cgroups when the time is up; a host timer kills"
                    + " the sandbox "
                    + seconds(ProgramCommands.BACKSTOP)
                    + " later if the control plane has not"))
        .add(
            new LimitEnforcement(
                Limit.CPU_TIME,
                cpuSeconds + " s per process",
                Mechanism.RLIMIT,
                "CPU time of each process (RLIMIT_CPU): SIGXCPU, then SIGKILL a second later"),
            "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1))
        .add(
            new LimitEnforcement(
                Limit.FILE_SIZE,
                run.outputBytes() + " bytes",
                Mechanism.RLIMIT,
                "each file written, anywhere (RLIMIT_FSIZE): the write fails with EFBIG and the"
                    + " process gets SIGXFSZ"),
            "--fsize=" + run.outputBytes() + ":" + run.outputBytes());
  }

  /** The run's environment on top of {@code PATH}, {@code HOME} and {@code LANG}. */
  static Map<String, String> environment(ProgramRun run) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", SandboxLayout.PATH);
    env.put("HOME", ProgramCommands.HOME);
    env.put("LANG", "C.UTF-8");
    env.putAll(run.environment());
    return env;
  }

  private void checkInputs(ProgramRun run) {
    Path bound = javaHomeToBind();
    run.inputs()
        .forEach(
            (sandboxPath, hostFile) -> {
              if (!Files.isRegularFile(hostFile) || !Files.isReadable(hostFile)) {
                throw new WorkspaceException(
                    WorkspaceException.Reason.INVALID_SPEC,
                    "the host file of input "
                        + sandboxPath
                        + ", "
                        + hostFile
                        + ", is missing, not a regular file or not readable: pass a file that"
                        + " exists");
              }
              if (bound != null && Path.of(sandboxPath).startsWith(bound)) {
                throw new WorkspaceException(
                    WorkspaceException.Reason.INVALID_SPEC,
                    "input path "
                        + sandboxPath
                        + " lies under the JDK shown at "
                        + bound
                        + ": put inputs in a directory of their own, such as /input");
              }
            });
  }

  /** The JDK to show at its own path: null when the host's {@code /usr} holds it. */
  private Path javaHomeToBind() {
    return javaHome.startsWith("/usr") ? null : javaHome;
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0
        ? millis / 1000 + " s"
        : String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
  }
}
