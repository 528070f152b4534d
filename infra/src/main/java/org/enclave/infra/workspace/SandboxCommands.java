package org.enclave.infra.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
          // bwrap's init waits for every process inside: when the main command ends, end the rest.
          + "\"$@\"\nstatus=$?\nkill -KILL -1 2>/dev/null\nexit $status\n";

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
    List<String> argv = confined(confinement);
    argv.add(confinement.tools().setsid().toString());
    argv.add(confinement.tools().prlimit().toString());
    argv.addAll(confinement.rlimits());
    argv.add("--");
    argv.add(confinement.tools().bwrap().toString());
    argv.addAll(bwrapOptions(layout, confinement.privileged()));
    argv.addAll(dropToWorkspaceUser(confinement));
    argv.addAll(List.of("sh", "-c", INIT, "enclave-workspace"));
    argv.addAll(layout.command());
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
   * @param devpts whether to give the sandbox a {@code /dev} with its own pseudo-terminals. An
   *     unprivileged bwrap must then nest a second user namespace, which {@code nsenter} cannot
   *     enter with the rights it needs; so without root the sandbox gets the basic devices only.
   */
  static List<String> bwrapOptions(Layout layout, boolean devpts) {
    Options o = new Options();
    o.add(
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname",
        SandboxLayout.HOSTNAME,
        "--new-session");
    o.mount("--ro-bind", "/usr", "/usr");
    for (String name : SandboxLayout.USR_LINKS) {
      Path host = Path.of("/", name);
      if (Files.isSymbolicLink(host)) {
        o.add("--symlink", readLink(host), "/" + name);
      } else if (Files.isDirectory(host)) {
        o.mount("--ro-bind", host.toString(), host.toString());
      }
    }
    o.add("--proc", "/proc");
    if (devpts) {
      o.add("--dev", "/dev");
    } else {
      o.add("--perms", "0755", "--tmpfs", "/dev");
      for (String device : List.of("null", "zero", "full", "random", "urandom", "tty")) {
        o.add("--dev-bind", "/dev/" + device, "/dev/" + device);
      }
      o.add("--symlink", "/proc/self/fd", "/dev/fd");
      o.add("--symlink", "/proc/self/fd/0", "/dev/stdin");
      o.add("--symlink", "/proc/self/fd/1", "/dev/stdout");
      o.add("--symlink", "/proc/self/fd/2", "/dev/stderr");
    }
    String tmpSize = Long.toString(layout.tmpBytes());
    o.add("--perms", "1777", "--size", tmpSize, "--tmpfs", "/dev/shm");
    o.add("--perms", "1777", "--size", tmpSize, "--tmpfs", "/tmp");
    o.dir("/etc");
    for (Path entry : etcFromHost()) {
      o.mount("--ro-bind", entry.toString(), entry.toString());
    }
    for (Map.Entry<String, Path> file : new TreeMap<>(layout.files().etc()).entrySet()) {
      o.mount("--ro-bind", file.getValue().toString(), "/etc/" + file.getKey());
    }
    o.mount("--ro-bind", layout.files().awsDir().toString(), SandboxLayout.AWS_DIR);
    o.mount("--ro-bind", layout.files().pythonDir().toString(), SandboxLayout.PYTHON_DIR);
    o.mount("--ro-bind", layout.files().jupyterDir().toString(), SandboxLayout.JUPYTER_CONFIG_DIR);
    if (layout.runtimeDir() != null) {
      o.mount("--ro-bind", layout.runtimeDir().toString(), SandboxLayout.RUNTIME_DIR);
    }
    o.mount("--bind", layout.home().toString(), SandboxLayout.HOME);
    o.mount("--ro-bind", layout.brokerDir().toString(), SandboxLayout.BROKER_DIR);
    o.add("--symlink", "broker/" + layout.brokerSocketName(), SandboxLayout.BROKER_SOCKET);
    if (layout.sessionDir() != null) {
      o.mount("--bind", layout.sessionDir().toString(), SandboxLayout.SESSION_DIR);
    }
    o.add("--remount-ro", "/", "--chdir", SandboxLayout.HOME);
    return o.argv;
  }

  /**
   * bwrap options, creating the parents of mount points as world-readable directories first (bwrap
   * would make them {@code 0700} root, which the workspace's user cannot enter).
   */
  private static final class Options {
    final List<String> argv = new ArrayList<>();
    private final Set<String> dirs = new HashSet<>(Set.of("/"));

    void add(String... options) {
      argv.addAll(List.of(options));
    }

    void mount(String option, String source, String destination) {
      Path parent = Path.of(destination).getParent();
      if (parent != null) {
        dir(parent.toString());
      }
      add(option, source, destination);
    }

    void dir(String path) {
      if (dirs.contains(path)) {
        return;
      }
      Path parent = Path.of(path).getParent();
      if (parent != null) {
        dir(parent.toString());
      }
      dirs.add(path);
      add("--perms", "0755", "--dir", path);
    }
  }

  /** The allowed entries of the host's {@code /etc} that exist here. */
  static List<Path> etcFromHost() {
    List<Path> entries = new ArrayList<>();
    Path etc = Path.of("/etc");
    for (String name : SandboxLayout.ETC_FROM_HOST) {
      if (Files.exists(etc.resolve(name))) {
        entries.add(etc.resolve(name));
      }
    }
    try (var list = Files.list(etc)) {
      list.filter(
              p ->
                  SandboxLayout.ETC_PREFIXES_FROM_HOST.stream()
                      .anyMatch(prefix -> p.getFileName().toString().startsWith(prefix)))
          .sorted()
          .forEach(entries::add);
    } catch (java.io.IOException e) {
      throw new WorkspaceException(WorkspaceException.Reason.HOST_ERROR, "cannot list /etc", e);
    }
    return entries;
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (java.io.IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot read symlink " + link, e);
    }
  }
}
