package org.enclave.infra.workspace;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;

/**
 * Puts a sandbox's (a workspace's or a program run's) memory, CPU and process limits into cgroups,
 * where the kernel lets us: one cgroup per sandbox under {@code <the control plane's own
 * cgroup>/<group name>}, so that the sandboxes stay inside whatever limits the control plane itself
 * runs under. Each controller is taken from a cgroup v1 hierarchy if one has it (hybrid hosts),
 * else from the unified v2 hierarchy. A controller that is missing or not writable is reported,
 * never silently skipped.
 */
final class Cgroups {
  private static final Map<Limit, String> CONTROLLERS =
      Map.of(Limit.MEMORY, "memory", Limit.CPU, "cpu", Limit.PIDS, "pids");
  private static final long CPU_PERIOD_US = 100_000;
  private static final Duration REMOVE_WAIT = Duration.ofSeconds(10);
  private static final Object TREE_LOCK = new Object();

  private final String groupName;

  /** Controller name to the directory of our own cgroup in the v1 hierarchy that has it. */
  private final Map<String, Path> v1Own;

  /** Our own cgroup in the v2 hierarchy, if mounted. */
  private final Optional<Path> v2Own;

  Cgroups(String groupName, Map<String, Path> v1Own, Optional<Path> v2Own) {
    this.groupName = groupName;
    this.v1Own = Map.copyOf(v1Own);
    this.v2Own = v2Own;
  }

  /**
   * Where a workspace's processes go and how its limits are enforced.
   *
   * @param procs the {@code cgroup.procs} files to join
   * @param groups the workspace's cgroup directories, to remove when it stops
   */
  record Placement(List<Path> procs, List<Path> groups, Map<Limit, LimitEnforcement> limits) {}

  /** Reads this host's cgroup mounts and the JVM's own cgroups from {@code /proc}. */
  static Cgroups detect(String groupName) {
    try {
      return parse(
          groupName,
          Files.readAllLines(Path.of("/proc/self/mounts")),
          Files.readAllLines(Path.of("/proc/self/cgroup")),
          Path.of("/"));
    } catch (IOException e) {
      return new Cgroups(groupName, Map.of(), Optional.empty());
    }
  }

  /**
   * Parses {@code /proc/self/mounts} and {@code /proc/self/cgroup}; mount points are resolved
   * against {@code root} (the real root, or a directory standing in for it in tests).
   */
  static Cgroups parse(String groupName, List<String> mounts, List<String> ownCgroups, Path root) {
    Map<String, String> v1Paths = new LinkedHashMap<>();
    String v2Path = null;
    for (String line : ownCgroups) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[0].equals("0") && f[1].isEmpty()) {
        v2Path = f[2];
      } else {
        for (String controller : f[1].split(",")) {
          v1Paths.put(controller, f[2]);
        }
      }
    }
    Map<String, Path> v1Own = new LinkedHashMap<>();
    Path v2Own = null;
    for (String line : mounts) {
      String[] f = line.split(" ");
      if (f.length < 4) {
        continue;
      }
      Path mountPoint = root.resolve(f[1].substring(1));
      if (f[2].equals("cgroup")) {
        for (String option : f[3].split(",")) {
          String own = v1Paths.get(option);
          if (CONTROLLERS.containsValue(option) && own != null) {
            v1Own.put(option, under(mountPoint, own));
          }
        }
      } else if (f[2].equals("cgroup2") && v2Path != null) {
        v2Own = under(mountPoint, v2Path);
      }
    }
    return new Cgroups(groupName, v1Own, Optional.ofNullable(v2Own));
  }

  /** Creates the workspace's cgroups with its limits; limits that cannot be set say why. */
  Placement place(String workspaceId, WorkspaceLimits limits) {
    List<Path> groups = new ArrayList<>();
    Map<Limit, LimitEnforcement> result = new LinkedHashMap<>();
    for (Limit limit : List.of(Limit.CPU, Limit.MEMORY, Limit.PIDS)) {
      String controller = CONTROLLERS.get(limit);
      String requested = requested(limit, limits);
      Path v1 = v1Own.get(controller);
      Optional<Path> v2 = v2Own.filter(own -> hasV2Controller(own, controller));
      if (v1 == null && v2.isEmpty()) {
        result.put(
            limit,
            new LimitEnforcement(
                limit, requested, Mechanism.NONE, "no " + controller + " cgroup controller"));
        continue;
      }
      Path group =
          v1 != null
              ? v1.resolve(groupName).resolve(workspaceId)
              : v2.get().resolve(groupName).resolve(workspaceId);
      try {
        synchronized (TREE_LOCK) {
          if (v1 == null) {
            enableV2(v2.get(), controller);
          }
          Files.createDirectories(group);
        }
        String note = v1 != null ? applyV1(group, limit, limits) : applyV2(group, limit, limits);
        if (!groups.contains(group)) {
          groups.add(group);
        }
        result.put(
            limit,
            new LimitEnforcement(
                limit, requested, v1 != null ? Mechanism.CGROUP_V1 : Mechanism.CGROUP_V2, note));
      } catch (IOException | RuntimeException e) {
        remove(List.of(group));
        result.put(
            limit,
            new LimitEnforcement(
                limit,
                requested,
                Mechanism.NONE,
                controller + " cgroup not writable here (" + describe(e) + ")"));
      }
    }
    List<Path> procs = groups.stream().map(g -> g.resolve("cgroup.procs")).toList();
    return new Placement(procs, groups, result);
  }

  /** The cgroups of workspace {@code workspaceId} that exist, wherever they were placed. */
  List<Path> existingGroups(String workspaceId) {
    List<Path> groups = new ArrayList<>();
    Stream.concat(v1Own.values().stream(), v2Own.stream())
        .map(own -> own.resolve(groupName).resolve(workspaceId))
        .filter(Files::isDirectory)
        .distinct()
        .forEach(groups::add);
    return groups;
  }

  /**
   * Removes the workspace cgroups once their processes are gone, and their parent when it is empty.
   * Waits a little for exiting processes to leave; leftovers are logged by the caller.
   *
   * @return the groups that could not be removed
   */
  static List<Path> remove(List<Path> groups) {
    List<Path> left = new ArrayList<>();
    for (Path group : groups) {
      long deadline = System.nanoTime() + REMOVE_WAIT.toNanos();
      while (true) {
        try {
          synchronized (TREE_LOCK) {
            Files.deleteIfExists(group);
            try {
              Files.deleteIfExists(group.getParent());
            } catch (IOException e) {
              // Another workspace's cgroup is still there.
            }
          }
          break;
        } catch (IOException e) {
          // EBUSY while the last processes are still leaving; anything else will not pass.
          boolean busy =
              e instanceof FileSystemException f
                  && f.getReason() != null
                  && f.getReason().toLowerCase(Locale.ROOT).contains("busy");
          if (!busy || System.nanoTime() - deadline > 0) {
            left.add(group);
            break;
          }
          sleep(20);
        }
      }
    }
    return left;
  }

  /**
   * Kills every process in {@code groups} ({@code cgroup.kill} where the kernel has it, else each
   * pid in {@code cgroup.procs}, again until none is left) and waits until they are empty.
   *
   * @return whether they emptied within {@code timeout}
   */
  static boolean killAll(List<Path> groups, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean empty = true;
      for (Path group : groups) {
        List<Long> pids = members(group);
        if (pids.isEmpty()) {
          continue;
        }
        empty = false;
        Path kill = group.resolve("cgroup.kill");
        try {
          if (Files.exists(kill)) {
            write(kill, "1");
            continue;
          }
        } catch (IOException e) {
          // Fall back to killing one by one.
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      }
      if (empty) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      sleep(5);
    }
  }

  /** The processes in {@code group}, as host pids; empty if it is gone. */
  static List<Long> members(Path group) {
    try {
      return Files.readAllLines(group.resolve("cgroup.procs")).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .map(Long::parseLong)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Whether the kernel killed a process in {@code groups} for want of memory: the memory cgroup's
   * {@code oom_kill} counter ({@code memory.oom_control} on v1, {@code memory.events} on v2) is
   * positive; or, on kernels too old to count (before 4.13), the main process died of SIGKILL after
   * the limit was hit ({@code memory.failcnt}).
   */
  static boolean oomKilled(List<Path> groups, boolean sigkilled) {
    boolean counted = false;
    for (Path group : groups) {
      for (String file : List.of("memory.oom_control", "memory.events")) {
        Optional<Long> kills = counter(group.resolve(file), "oom_kill");
        if (kills.isPresent()) {
          counted = true;
          if (kills.get() > 0) {
            return true;
          }
        }
      }
    }
    if (counted || !sigkilled) {
      return false;
    }
    return groups.stream()
        .map(group -> group.resolve("memory.failcnt"))
        .filter(Files::exists)
        .anyMatch(failcnt -> readLong(failcnt).orElse(0L) > 0);
  }

  /** The value of the line {@code "<name> <value>"} in a flat-keyed cgroup file. */
  private static Optional<Long> counter(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.strip().split("\\s+");
        if (f.length == 2 && f[0].equals(name)) {
          return Optional.of(Long.parseLong(f[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Missing or unreadable: no counter here.
    }
    return Optional.empty();
  }

  private static Optional<Long> readLong(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String requested(Limit limit, WorkspaceLimits limits) {
    return switch (limit) {
      case CPU -> String.format(Locale.ROOT, "%s cpus", limits.cpus());
      case MEMORY -> limits.memoryMiB() + " MiB";
      case PIDS -> limits.pids() + " processes";
      case OPEN_FILES -> limits.openFiles() + " open files";
      case TIME, CPU_TIME, FILE_SIZE ->
          throw new IllegalArgumentException(limit + " is not a workspace limit");
    };
  }

  private static String applyV1(Path group, Limit limit, WorkspaceLimits limits)
      throws IOException {
    switch (limit) {
      case MEMORY -> {
        String bytes = Long.toString(limits.memoryMiB() * 1024 * 1024);
        write(group.resolve("memory.limit_in_bytes"), bytes);
        Path memsw = group.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
          write(memsw, bytes);
          return "memory and swap of the whole sandbox, tmpfs included";
        }
        return "memory of the whole sandbox, tmpfs included; swap not limited";
      }
      case CPU -> {
        write(group.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
        write(group.resolve("cpu.cfs_quota_us"), Long.toString(quota(limits)));
        return "CPU time of the whole sandbox (CFS quota)";
      }
      case PIDS -> {
        write(group.resolve("pids.max"), Integer.toString(limits.pids()));
        return "processes and threads of the whole sandbox";
      }
      default -> throw new IllegalArgumentException(limit.name());
    }
  }

  private static String applyV2(Path group, Limit limit, WorkspaceLimits limits)
      throws IOException {
    switch (limit) {
      case MEMORY -> {
        write(group.resolve("memory.max"), Long.toString(limits.memoryMiB() * 1024 * 1024));
        Path swap = group.resolve("memory.swap.max");
        if (Files.exists(swap)) {
          write(swap, "0");
          return "memory of the whole sandbox, tmpfs included; no swap";
        }
        return "memory of the whole sandbox, tmpfs included";
      }
      case CPU -> {
        write(group.resolve("cpu.max"), quota(limits) + " " + CPU_PERIOD_US);
        return "CPU time of the whole sandbox";
      }
      case PIDS -> {
        write(group.resolve("pids.max"), Integer.toString(limits.pids()));
        return "processes and threads of the whole sandbox";
      }
      default -> throw new IllegalArgumentException(limit.name());
    }
  }

  /** Enables {@code controller} for the workspace cgroups: in our own cgroup and the parent. */
  private void enableV2(Path own, String controller) throws IOException {
    Path parent = own.resolve(groupName);
    Files.createDirectories(parent);
    for (Path dir : List.of(own, parent)) {
      Path control = dir.resolve("cgroup.subtree_control");
      if (!Files.readString(control).contains(controller)) {
        write(control, "+" + controller);
      }
    }
  }

  private static boolean hasV2Controller(Path own, String controller) {
    try {
      return List.of(Files.readString(own.resolve("cgroup.controllers")).trim().split(" "))
          .contains(controller);
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static long quota(WorkspaceLimits limits) {
    return Math.max(1000, Math.round(limits.cpus() * CPU_PERIOD_US));
  }

  private static Path under(Path mountPoint, String cgroupPath) {
    String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
    return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
