package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds and kills sandboxes started from a state directory that no record accounts for, and removes
 * their cgroups: a control plane that died between starting a sandbox and recording it would
 * otherwise leave it running. They are recognised by their bwrap command line, which names files in
 * the state directory.
 */
final class UnaccountedSandboxes {
  private static final Logger LOG = Logger.getLogger(UnaccountedSandboxes.class.getName());

  private final Path workspacesDir;
  private final Function<String, ReentrantLock> locks;
  private final Optional<Cgroups> cgroups;

  UnaccountedSandboxes(
      Path workspacesDir, Function<String, ReentrantLock> locks, Optional<Cgroups> cgroups) {
    this.workspacesDir = workspacesDir;
    this.locks = locks;
    this.cgroups = cgroups;
  }

  /** Kills the sandboxes of this state directory that the records of {@code ids} do not name. */
  void kill(List<String> ids) {
    Set<Long> known = new HashSet<>();
    for (String id : ids) {
      try {
        SandboxRecord.read(workspacesDir.resolve(id))
            .ifPresent(
                r -> {
                  known.add(r.outer().pid());
                  if (r.init() != null) {
                    known.add(r.init().pid());
                  }
                });
      } catch (WorkspaceException e) {
        LOG.log(Level.WARNING, "unreadable sandbox record of " + id, e);
      }
    }
    String prefix = workspacesDir + "/";
    Map<String, List<Procs.ProcessId>> unaccounted = new LinkedHashMap<>();
    for (long pid : Procs.allPids()) {
      List<String> argv = Procs.commandLine(pid);
      if (argv.isEmpty() || !argv.get(0).endsWith("bwrap") || known.contains(pid)) {
        continue;
      }
      // The init of a sandbox still starting has no record yet, but its parent has.
      long parent = Procs.stat(pid).map(Procs.Stat::ppid).orElse(0L);
      Optional<String> id =
          argv.stream()
              .filter(arg -> arg.startsWith(prefix))
              .map(arg -> arg.substring(prefix.length()).split("/", 2)[0])
              .filter(WorkspaceIds::isValid)
              .findFirst();
      if (id.isPresent() && !known.contains(parent)) {
        Procs.ProcessId.of(pid)
            .ifPresent(p -> unaccounted.computeIfAbsent(id.get(), k -> new ArrayList<>()).add(p));
      }
    }
    unaccounted.forEach(this::kill);
  }

  private void kill(String workspaceId, List<Procs.ProcessId> processes) {
    ReentrantLock lock = locks.apply(workspaceId);
    if (!lock.tryLock()) {
      return; // Being started or stopped right now: not unaccounted.
    }
    try {
      if (SandboxRecord.read(workspacesDir.resolve(workspaceId)).isPresent()) {
        return; // Recorded since we looked.
      }
      LOG.warning(() -> "killing a sandbox of " + workspaceId + " that no record accounts for");
      for (Procs.ProcessId process : processes) {
        if (process.isAlive()) {
          ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      SandboxStopper.await(
          () -> processes.stream().noneMatch(Procs.ProcessId::isAlive), Duration.ofSeconds(30));
      cgroups.ifPresent(c -> Cgroups.remove(c.existingGroups(workspaceId)));
    } finally {
      lock.unlock();
    }
  }
}
