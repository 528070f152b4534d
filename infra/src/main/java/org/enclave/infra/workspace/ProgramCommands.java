package org.enclave.infra.workspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The host command line of a program run, and what its sandbox shows. */
final class ProgramCommands {
  static final String USER = "scorer";
  static final String HOSTNAME = "scorer";
  static final String HOME = "/tmp";

  /** The first line of every run's output, written once the sandbox is set up. */
  static final byte[] STARTED = "enclave-program-started\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * Run inside as the run's user: marks the start in the output (bwrap's own errors come before it
   * and never after), then runs the program and ends whatever it left behind.
   */
  static final String INIT =
      "printf 'enclave-program-started\\n'\n" + SandboxCommands.MAIN_THEN_END_ALL;

  /** How long after the time limit a host timer kills the sandbox if the control plane has not. */
  static final Duration BACKSTOP = Duration.ofSeconds(10);

  /**
   * What a run's sandbox shows.
   *
   * @param etc the generated {@code /etc} files by name
   * @param inputs sandbox path to the host copy shown read-only there
   * @param output the host directory shown writable at {@link ProgramRun#OUTPUT_DIR}
   * @param tmpBytes size of {@code /tmp} and {@code /dev/shm}
   * @param javaHome a JDK outside {@code /usr} to show read-only at its own path, or null
   */
  record Layout(
      Map<String, Path> etc, Map<String, Path> inputs, Path output, long tmpBytes, Path javaHome) {}

  private ProgramCommands() {}

  /**
   * Starts the run: in its cgroups and under its rlimits, in a new session, under a host timer that
   * kills the sandbox {@link #BACKSTOP} after the time limit whatever becomes of the control plane;
   * bwrap dies with the timer.
   */
  static List<String> launch(
      SandboxCommands.Confinement confinement,
      Layout layout,
      Duration timeLimit,
      List<String> command) {
    long backstop = (timeLimit.plus(BACKSTOP).toMillis() + 999) / 1000;
    List<String> timer =
        List.of(
            confinement.tools().timeout().toString(),
            "--foreground",
            "--signal=KILL",
            backstop + "s");
    List<String> inside = new ArrayList<>(List.of("/bin/sh", "-c", INIT, "enclave-program"));
    inside.addAll(command);
    return SandboxCommands.sandbox(confinement, timer, bwrapOptions(layout), inside);
  }

  /**
   * The system every sandbox shares, always with the basic devices only, then the JDK, the inputs
   * read-only and the output directory writable, starting in it.
   */
  static List<String> bwrapOptions(Layout layout) {
    BwrapOptions o =
        new BwrapOptions()
            .namespaces(HOSTNAME)
            .system()
            .procAndDev(false)
            .tmp(layout.tmpBytes())
            .etc(layout.etc());
    o.add("--die-with-parent");
    if (layout.javaHome() != null) {
      o.mount("--ro-bind", layout.javaHome(), layout.javaHome().toString());
    }
    layout.inputs().forEach((sandboxPath, copy) -> o.mount("--ro-bind", copy, sandboxPath));
    o.mount("--bind", layout.output(), ProgramRun.OUTPUT_DIR);
    return o.finish(ProgramRun.OUTPUT_DIR);
  }
}
