package org.enclave.infra.workspace;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Workspaces as bubblewrap sandboxes on this host. See {@code docs/workspaces.md} for what is
 * isolated and how. In short: each sandbox has its own network (loopback only), pid, IPC and UTS
 * namespaces; sees {@code /usr} and a curated {@code /etc} read-only, a private {@code /tmp}, its
 * home read-write and the broker socket's directory; runs as its own uid without capabilities (when
 * the control plane runs as root); and sits in its own cgroups where the kernel allows.
 *
 * <p>Sandboxes are started in their own session and are not children that die with the control
 * plane: they survive a restart and are found again through the state directory, which records each
 * sandbox's processes by pid, start time and boot id.
 */
public final class BubblewrapWorkspaceProvider implements WorkspaceProvider {
  /** Where the broker answers inside every workspace; a bridge forwards it to the socket. */
  public static final URI BROKER_ENDPOINT =
      URI.create("http://" + SandboxLayout.BROKER_HOST + ":" + SandboxLayout.BROKER_PORT);

  private static final Logger LOG = Logger.getLogger(BubblewrapWorkspaceProvider.class.getName());

  /** Locks per state directory and workspace, shared by every provider in this JVM. */
  private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final BubblewrapConfig config;
  private final HostTools tools;
  private final boolean privileged;
  private final long ownUid;
  private final long ownGid;
  private final Optional<Cgroups> cgroups;
  private final UidAllocator uids;
  private final SandboxStopper stopper;

  /**
   * Checks the host (bwrap, nsenter, setpriv, prlimit, socat must be installed) and opens the state
   * directory. Does not touch running sandboxes: call {@link #list()} for that.
   */
  public BubblewrapWorkspaceProvider(BubblewrapConfig config) {
    this.config = config;
    this.tools = HostTools.locate();
    long[] ids = Procs.selfIds();
    this.ownUid = ids[0];
    this.ownGid = ids[1];
    this.privileged = ownUid == 0;
    this.cgroups = Optional.ofNullable(config.cgroupName()).map(Cgroups::detect);
    this.uids =
        new UidAllocator(config.stateDir().resolve("uids"), config.uidBase(), config.uidCount());
    this.stopper = new SandboxStopper(config.stopGrace());
    try {
      Files.createDirectories(workspacesDir());
      Files.setPosixFilePermissions(
          config.stateDir(), PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.UNAVAILABLE, "cannot use state dir " + config.stateDir(), e);
    }
  }

  @Override
  public URI brokerEndpoint() {
    return BROKER_ENDPOINT;
  }

  @Override
  public WorkspaceStatus start(WorkspaceSpec spec) {
    return locked(
        spec.id(),
        () -> {
          Path dir = workspaceDir(spec.id());
          Optional<SandboxRecord> existing = SandboxRecord.read(dir);
          if (existing.isPresent() && existing.get().isAlive()) {
            throw new WorkspaceException(
                WorkspaceException.Reason.ALREADY_RUNNING, spec.id() + " is running");
          }
          existing.ifPresent(dead -> cleanUp(dir, dead));
          WorkspaceRecord workspace = prepare(spec, dir);
          SandboxLauncher launcher =
              new SandboxLauncher(tools, privileged, cgroups, config.readyTimeout(), stopper);
          SandboxRecord record = launcher.launch(spec, workspace, dir);
          return running(spec.id(), record);
        });
  }

  @Override
  public void stop(String workspaceId) {
    WorkspaceIds.requireValid(workspaceId);
    locked(
        workspaceId,
        () -> {
          Path dir = workspaceDir(workspaceId);
          SandboxRecord.read(dir)
              .ifPresent(
                  record -> {
                    stopper.stop(record);
                    cleanUp(dir, record);
                  });
          return null;
        });
  }

  @Override
  public void terminate(String workspaceId) {
    WorkspaceIds.requireValid(workspaceId);
    locked(
        workspaceId,
        () -> {
          stop(workspaceId);
          Path dir = workspaceDir(workspaceId);
          Optional<WorkspaceRecord> workspace = WorkspaceRecord.read(dir);
          try {
            if (workspace.isPresent()) {
              Trees.deleteRecursively(workspace.get().home());
              if (privileged) {
                uids.release(workspace.get().uid());
              }
            }
            Trees.deleteRecursively(dir);
            cgroups.ifPresent(c -> Cgroups.remove(c.existingGroups(workspaceId)));
          } catch (IOException e) {
            throw new WorkspaceException(
                WorkspaceException.Reason.HOST_ERROR, "cannot wipe workspace " + workspaceId, e);
          }
          return null;
        });
  }

  @Override
  public WorkspaceStatus status(String workspaceId) {
    WorkspaceIds.requireValid(workspaceId);
    return locked(workspaceId, () -> currentStatus(workspaceId));
  }

  @Override
  public List<WorkspaceStatus> list() {
    List<WorkspaceStatus> running = new ArrayList<>();
    for (String id : knownIds()) {
      WorkspaceStatus status = status(id);
      if (status.running()) {
        running.add(status);
      }
    }
    new UnaccountedSandboxes(workspacesDir(), this::lock, cgroups).kill(knownIds());
    return running;
  }

  /**
   * The running workspaces as their records say, touching nothing: for another process (an
   * operator's shell) that must not clean up or kill what the control plane is starting.
   */
  public List<WorkspaceStatus> observeRunning() {
    List<WorkspaceStatus> running = new ArrayList<>();
    for (String id : knownIds()) {
      SandboxRecord.read(workspaceDir(id))
          .filter(SandboxRecord::isAlive)
          .ifPresent(r -> running.add(running(id, r)));
    }
    return running;
  }

  @Override
  public ExecResult exec(String workspaceId, ExecRequest request) {
    ProcessBuilder builder = enter(workspaceId, request.command());
    return ExecRunner.run(builder, request.stdin(), request.timeout());
  }

  @Override
  public ProcessBuilder shell(String workspaceId, List<String> command) {
    List<String> shell = command == null || command.isEmpty() ? List.of("bash", "-l") : command;
    ProcessBuilder builder = enter(workspaceId, shell);
    builder.command(SandboxCommands.onOwnTerminal(tools, builder.command()));
    String term = System.getenv("TERM");
    if (term != null) {
      builder.environment().put("TERM", term);
    }
    return builder;
  }

  @Override
  public Optional<Path> sessionSocket(String workspaceId) {
    WorkspaceIds.requireValid(workspaceId);
    Path dir = workspaceDir(workspaceId);
    Optional<SandboxRecord> record =
        SandboxRecord.read(dir).filter(r -> r.sessionSocket() != null && r.isAlive());
    Optional<WorkspaceRecord> workspace = WorkspaceRecord.read(dir);
    if (record.isEmpty() || workspace.isEmpty()) {
      return Optional.empty();
    }
    Path socket = record.get().sessionSocket();
    return SessionStartup.isSafe(socket, workspace.get().uid(), privileged)
        ? Optional.of(socket)
        : Optional.empty();
  }

  /** Whether workspaces get their own uid (the control plane runs as root). */
  public boolean isolatesUids() {
    return privileged;
  }

  private ProcessBuilder enter(String workspaceId, List<String> command) {
    WorkspaceIds.requireValid(workspaceId);
    Path dir = workspaceDir(workspaceId);
    SandboxRecord record =
        SandboxRecord.read(dir)
            .filter(r -> r.init() != null && r.isAlive())
            .orElseThrow(
                () ->
                    new WorkspaceException(
                        WorkspaceException.Reason.NOT_RUNNING, workspaceId + " is not running"));
    WorkspaceRecord workspace =
        WorkspaceRecord.read(dir)
            .orElseThrow(
                () ->
                    new WorkspaceException(
                        WorkspaceException.Reason.HOST_ERROR, "no record of " + workspaceId));
    SandboxCommands.Confinement confinement =
        new SandboxCommands.Confinement(
            tools,
            privileged,
            workspace.uid(),
            workspace.gid(),
            record.cgroupProcs(),
            record.rlimits());
    ProcessBuilder builder =
        new ProcessBuilder(SandboxCommands.enter(confinement, record.init().pid(), command));
    // The sandbox's own environment, read from its init: nothing of it goes on a command line.
    Map<String, String> environment = Procs.environment(record.init().pid());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder;
  }

  private WorkspaceRecord prepare(WorkspaceSpec spec, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      WorkspaceRecord workspace =
          WorkspaceRecord.read(dir)
              .map(r -> new WorkspaceRecord(spec.home(), r.uid(), r.gid()))
              .orElseGet(
                  () -> {
                    long uid = privileged ? uids.claim(spec.id()) : ownUid;
                    return new WorkspaceRecord(spec.home(), uid, privileged ? uid : ownGid);
                  });
      workspace.write(dir);
      Path home = spec.home();
      Files.createDirectories(home);
      if (privileged && Trees.owner(home) != workspace.uid()) {
        Trees.chownRecursively(home, workspace.uid(), workspace.gid());
      }
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      prepareBrokerDir(spec, workspace);
      if (spec.session() != null) {
        SessionStartup.prepare(spec.session(), workspace, privileged);
      }
      return workspace;
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot prepare workspace " + spec.id(), e);
    }
  }

  /**
   * The broker socket's directory is shown inside as a whole, so it must hold nothing else. Only
   * root and the workspace's group may enter it, so that only this workspace reaches the socket.
   */
  private void prepareBrokerDir(WorkspaceSpec spec, WorkspaceRecord workspace) throws IOException {
    Path dir = spec.brokerSocket().getParent();
    Files.createDirectories(dir);
    String socketName = spec.brokerSocket().getFileName().toString();
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> others =
          entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals(socketName)).toList();
      if (!others.isEmpty()) {
        throw new WorkspaceException(
            WorkspaceException.Reason.INVALID_SPEC,
            "the broker socket's directory must hold nothing but the socket; it also holds "
                + others.size()
                + " other entries");
      }
    }
    if (privileged) {
      Trees.chown(dir, 0, workspace.gid());
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private WorkspaceStatus currentStatus(String workspaceId) {
    Path dir = workspaceDir(workspaceId);
    Optional<SandboxRecord> record = SandboxRecord.read(dir);
    if (record.isEmpty()) {
      return WorkspaceStatus.stopped(workspaceId);
    }
    if (!record.get().isAlive()) {
      cleanUp(dir, record.get());
      return WorkspaceStatus.stopped(workspaceId);
    }
    return running(workspaceId, record.get());
  }

  private static WorkspaceStatus running(String workspaceId, SandboxRecord record) {
    return new WorkspaceStatus(
        workspaceId, WorkspaceState.RUNNING, record.startedAt(), record.limits());
  }

  /** Removes what a sandbox that is gone left behind: its cgroups and its record. */
  private void cleanUp(Path dir, SandboxRecord record) {
    List<Path> left = Cgroups.remove(record.cgroups());
    if (!left.isEmpty()) {
      LOG.warning(() -> "cgroups not removed (still in use?): " + left);
    }
    SandboxRecord.delete(dir);
  }

  private List<String> knownIds() {
    try (Stream<Path> entries = Files.list(workspacesDir())) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(WorkspaceIds::isValid)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot list " + workspacesDir(), e);
    }
  }

  private Path workspacesDir() {
    return config.stateDir().resolve("workspaces");
  }

  private Path workspaceDir(String workspaceId) {
    return workspacesDir().resolve(WorkspaceIds.requireValid(workspaceId));
  }

  private ReentrantLock lock(String workspaceId) {
    return LOCKS.computeIfAbsent(
        config.stateDir() + "\0" + workspaceId, key -> new ReentrantLock());
  }

  private <T> T locked(String workspaceId, Supplier<T> action) {
    ReentrantLock lock = lock(workspaceId);
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
