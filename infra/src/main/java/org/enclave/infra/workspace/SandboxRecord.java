package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;

/**
 * A running sandbox, as the provider recorded it when starting it: enough for another control plane
 * process to find it again, stop it, or run commands in it. Stored as {@code sandbox.properties}
 * while the sandbox runs.
 *
 * @param outer the outer {@code bwrap}, on the host's side of the pid namespace
 * @param init the sandbox's init (pid 1 inside); killing it ends every process inside. Null until
 *     the sandbox is set up
 * @param cgroups the workspace's cgroup directories
 * @param cgroupProcs the {@code cgroup.procs} files that commands run inside join
 * @param rlimits the {@code prlimit} options everything inside runs under
 * @param sessionSocket the host path of the session server's socket, or null if it has none
 */
record SandboxRecord(
    Procs.ProcessId outer,
    Procs.ProcessId init,
    Instant startedAt,
    List<Path> cgroups,
    List<Path> cgroupProcs,
    List<String> rlimits,
    List<LimitEnforcement> limits,
    Path sessionSocket) {
  static final String FILE = "sandbox.properties";
  private static final String SEP = "\u001f";

  SandboxRecord withInit(Procs.ProcessId newInit) {
    return new SandboxRecord(
        outer, newInit, startedAt, cgroups, cgroupProcs, rlimits, limits, sessionSocket);
  }

  /** Whether the sandbox still runs: its init if known, else the outer bwrap. */
  boolean isAlive() {
    return init != null ? init.isAlive() : outer.isAlive();
  }

  static Optional<SandboxRecord> read(Path workspaceDir) {
    return StateFiles.read(workspaceDir.resolve(FILE)).map(SandboxRecord::fromProperties);
  }

  void write(Path workspaceDir) {
    Properties p = new Properties();
    putProcess(p, "outer", outer);
    if (init != null) {
      putProcess(p, "init", init);
    }
    p.setProperty("startedAt", startedAt.toString());
    p.setProperty("cgroups", join(cgroups.stream().map(Path::toString).toList()));
    p.setProperty("cgroupProcs", join(cgroupProcs.stream().map(Path::toString).toList()));
    p.setProperty("rlimits", join(rlimits));
    for (int i = 0; i < limits.size(); i++) {
      LimitEnforcement l = limits.get(i);
      p.setProperty(
          "limit." + i,
          join(List.of(l.limit().name(), l.requested(), l.mechanism().name(), l.note())));
    }
    if (sessionSocket != null) {
      p.setProperty("sessionSocket", sessionSocket.toString());
    }
    StateFiles.write(workspaceDir.resolve(FILE), p);
  }

  static void delete(Path workspaceDir) {
    StateFiles.delete(workspaceDir.resolve(FILE));
  }

  private static SandboxRecord fromProperties(Properties p) {
    List<LimitEnforcement> limits = new ArrayList<>();
    for (int i = 0; p.getProperty("limit." + i) != null; i++) {
      List<String> f = split(p.getProperty("limit." + i));
      limits.add(
          new LimitEnforcement(
              Limit.valueOf(f.get(0)), f.get(1), Mechanism.valueOf(f.get(2)), f.get(3)));
    }
    return new SandboxRecord(
        process(p, "outer"),
        p.getProperty("init.pid") == null ? null : process(p, "init"),
        Instant.parse(p.getProperty("startedAt")),
        split(p.getProperty("cgroups")).stream().map(Path::of).toList(),
        split(p.getProperty("cgroupProcs")).stream().map(Path::of).toList(),
        split(p.getProperty("rlimits")),
        limits,
        p.getProperty("sessionSocket") == null ? null : Path.of(p.getProperty("sessionSocket")));
  }

  private static void putProcess(Properties p, String name, Procs.ProcessId id) {
    p.setProperty(name + ".pid", Long.toString(id.pid()));
    p.setProperty(name + ".startTicks", Long.toString(id.startTicks()));
    p.setProperty(name + ".bootId", id.bootId());
  }

  private static Procs.ProcessId process(Properties p, String name) {
    return new Procs.ProcessId(
        Long.parseLong(p.getProperty(name + ".pid")),
        Long.parseLong(p.getProperty(name + ".startTicks")),
        p.getProperty(name + ".bootId"));
  }

  private static String join(List<String> parts) {
    return String.join(SEP, parts);
  }

  private static List<String> split(String joined) {
    if (joined == null || joined.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(joined.split(SEP, -1));
  }
}
