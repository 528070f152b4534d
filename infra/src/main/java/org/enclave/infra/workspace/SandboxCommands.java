package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host command lines that start a sandbox, run a command inside one, and probe its broker
 * bridge. Every one goes through {@link #JOIN_CGROUPS} and {@code prlimit}, so that whatever runs
 * inside is in the workspace's cgroups and under its resource limits from its first instruction.
 */
final class SandboxCommands {
  /**
   * Writes its own pid into each {@code cgroup.procs} file given before {@code --}, sets the umask
   * that the sandbox's directories and the workspace's files get (not the control plane's), then
   * execs the rest.
   */
  static final String JOIN_CGROUPS =
      "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; umask 022;"
          + " exec \"$@\"";

  /**
   * The end of a script run inside as the sandbox's user: runs its arguments as the main command
   * and exits with its status. bwrap's init waits for every process inside, so when the main
   * command ends, the rest are killed first, again while any is left (one that was forking as the
   * first round came may have left a child).
   */
  static final String MAIN_THEN_END_ALL =
      "\"$@\"\nstatus=$?\nwhile kill -KILL -1 2>/dev/null; do :; done\nexit $status\n";

  /**
   * Run inside the sandbox as the workspace's user: the bridge from the fixed broker endpoint to
   * the broker socket, then the main command; when that ends, the sandbox ends.
   */
  static final String INIT =
      // 256 KiB blocks: socat's default of 8 KiB would cost large reads most of their speed.
      "socat -lpenclave-bridge -b262144 TCP-LISTEN:"
          + SandboxLayout.BROKER_PORT
          + ",bind="
          + SandboxLayout.BROKER_HOST
          + ",fork,reuseaddr UNIX-CONNECT:"
          + SandboxLayout.BROKER_SOCKET
          + " &\n"
          + MAIN_THEN_END_ALL;

  /** Succeeds once the bridge accepts a connection, trying for about a second. */
  static final String PROBE =
      "for i in $(seq 100); do (exec 3<>/dev/tcp/"
          + SandboxLayout.BROKER_HOST
          + "/"
          + SandboxLayout.BROKER_PORT
          + ") 2>/dev/null && exit 0; sleep 0.01; done; exit 1";

  /**
   * Who the sandbox's processes run as, and how they are confined on the host side.
   *
   * @param privileged whether the control plane runs as root: then bwrap sets up the sandbox as
   *     root and the workspace's processes switch to {@code uid}, without capabilities, before
   *     anything of the workspace runs. Otherwise bwrap uses an unprivileged user namespace and the
   *     processes keep the control plane's uid
   * @param uid the workspace's host uid (the same inside)
   * @param gid the workspace's host gid (the same inside)
   * @param cgroupProcs the {@code cgroup.procs} files of the workspace's cgroups
   * @param rlimits {@code prlimit} options
   */
  record Confinement(
      HostTools tools,
      boolean privileged,
      long uid,
      long gid,
      List<Path> cgroupProcs,
      List<String> rlimits) {}

  /**
   * What a new sandbox shows.
   *
   * @param home the workspace's home on the host
   * @param brokerDir the host directory holding the broker socket
   * @param brokerSocketName the socket's file name in it
   * @param files the generated files
   * @param tmpBytes size of the sandbox's {@code /tmp} and {@code /dev/shm}
   * @param command the main command
   * @param sessionDir the host directory shown writable as {@link SandboxLayout#SESSION_DIR}, or
   *     null
   * @param runtimeDir the host directory shown read-only as {@link SandboxLayout#RUNTIME_DIR}, or
   *     null
   */
  record Layout(
      Path home,
      Path brokerDir,
      String brokerSocketName,
      SandboxFiles.Generated files,
      long tmpBytes,
      List<String> command,
      Path sessionDir,
      Path runtimeDir) {
    Layout(
        Path home,
        Path brokerDir,
        String brokerSocketName,
        SandboxFiles.Generated files,
        long tmpBytes,
        List<String> command) {
      this(home, brokerDir, brokerSocketName, files, tmpBytes, command, null, null);
    }
  }

  private SandboxCommands() {}

  /** Starts a sandbox in a new session; the returned process is the outer {@code bwrap}. */
  static List<String> launch(Confinement confinement, Layout layout) {
    List<String> inside = new ArrayList<>(List.of("sh", "-c", INIT, "enclave-workspace"));
    inside.addAll(layout.command());
    return sandbox(confinement, List.of(), bwrapOptions(layout, confinement.privileged()), inside);
  }

  /**
   * Starts bwrap with {@code options} in a new session, in the sandbox's cgroups and under its
   * rlimits, and runs {@code inside} there as the sandbox's user.
   *
   * @param runner a host command that runs bwrap as its child (a timer, say); empty to run bwrap
   *     itself
   */
  static List<String> sandbox(
      Confinement confinement, List<String> runner, List<String> options, List<String> inside) {
    List<String> argv = confined(confinement);
    argv.add(confinement.tools().setsid().toString());
    argv.add(confinement.tools().prlimit().toString());
    argv.addAll(confinement.rlimits());
    argv.add("--");
    argv.addAll(runner);
    argv.add(confinement.tools().bwrap().toString());
    argv.addAll(options);
    argv.addAll(dropToWorkspaceUser(confinement));
    argv.addAll(inside);
    return argv;
  }

  /** Runs {@code command} in the namespaces of the sandbox whose init is {@code initPid}. */
  static List<String> enter(Confinement confinement, long initPid, List<String> command) {
    List<String> argv = confined(confinement);
    argv.add(confinement.tools().prlimit().toString());
    argv.addAll(confinement.rlimits());
    argv.add("--");
    argv.addAll(
        List.of(
            confinement.tools().nsenter().toString(),
            "--target",
            Long.toString(initPid),
            "--mount",
            "--uts",
            "--ipc",
            "--net",
            "--pid"));
    if (!confinement.privileged()) {
      argv.addAll(List.of("--user", "--preserve-credentials"));
    }
    // The init runs in the sandbox root, in the home: the command starts there too.
    argv.addAll(List.of("--root", "--wd", "--"));
    argv.addAll(dropToWorkspaceUser(confinement));
    argv.addAll(command);
    return argv;
  }

  /**
   * Runs {@code argv} on a new pseudo-terminal that {@code script} relays to the caller's. The
   * workspace never holds the operator's terminal, so nothing inside can push keystrokes into it
   * (TIOCSTI) to run commands on the host after the shell ends.
   */
  static List<String> onOwnTerminal(HostTools tools, List<String> argv) {
    String command =
        "exec "
            + String.join(
                " ", argv.stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").toList());
    return List.of(
        tools.script().toString(), "--quiet", "--return", "--command", command, "/dev/null");
  }

  /** Probes the bridge from inside the sandbox's network namespace only. */
  static List<String> probe(Confinement confinement, long initPid) {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of(
            confinement.tools().nsenter().toString(), "--target", Long.toString(initPid), "--net"));
    if (!confinement.privileged()) {
      argv.addAll(List.of("--user", "--preserve-credentials"));
    }
    argv.addAll(List.of("--", confinement.tools().bash().toString(), "-c", PROBE));
    return argv;
  }

  private static List<String> confined(Confinement confinement) {
    List<String> argv = new ArrayList<>();
    argv.add(confinement.tools().sh().toString());
    argv.add("-c");
    argv.add(JOIN_CGROUPS);
    argv.add("enclave-join");
    confinement.cgroupProcs().forEach(procs -> argv.add(procs.toString()));
    argv.add("--");
    return argv;
  }

  private static List<String> dropToWorkspaceUser(Confinement confinement) {
    String setpriv = confinement.tools().setpriv().toString();
    if (!confinement.privileged()) {
      // bwrap already runs the command without capabilities and with no_new_privs.
      return List.of(setpriv, "--no-new-privs", "--");
    }
    return List.of(
        setpriv,
        "--reuid=" + confinement.uid(),
        "--regid=" + confinement.gid(),
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--");
  }

  /**
   * The bwrap options for {@code layout}.
   *
   * @param devpts whether the sandbox gets its own pseudo-terminals (see {@link
   *     BwrapOptions#procAndDev})
   */
  static List<String> bwrapOptions(Layout layout, boolean devpts) {
    BwrapOptions o =
        new BwrapOptions()
            .namespaces(SandboxLayout.HOSTNAME)
            .system()
            .procAndDev(devpts)
            .tmp(layout.tmpBytes())
            .etc(layout.files().etc());
    o.mount("--ro-bind", layout.files().awsDir(), SandboxLayout.AWS_DIR);
    o.mount("--ro-bind", layout.files().pythonDir(), SandboxLayout.PYTHON_DIR);
    o.mount("--ro-bind", layout.files().jupyterDir(), SandboxLayout.JUPYTER_CONFIG_DIR);
    if (layout.runtimeDir() != null) {
      o.mount("--ro-bind", layout.runtimeDir(), SandboxLayout.RUNTIME_DIR);
    }
    o.mount("--bind", layout.home(), SandboxLayout.HOME);
    o.mount("--ro-bind", layout.brokerDir(), SandboxLayout.BROKER_DIR);
    o.add("--symlink", "broker/" + layout.brokerSocketName(), SandboxLayout.BROKER_SOCKET);
    if (layout.sessionDir() != null) {
      o.mount("--bind", layout.sessionDir(), SandboxLayout.SESSION_DIR);
    }
    return o.finish(SandboxLayout.HOME);
  }
}
