package org.enclave.infra.workspace;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A program run's host directory, {@code <stateDir>/runs/<id>/} ({@code 0700}, the control
 * plane's): {@value #RECORD} (the process that owns the run and the run's cgroups), {@code etc/}
 * (the generated {@code /etc} files), {@code inputs/} (copies of the inputs, {@code 0444}) and
 * {@code output/} (shown writable inside, owned by the run's uid). A run whose owner process is
 * gone (a control plane that died) is removed by the next {@link #sweep}.
 */
final class ProgramRunDir {
  static final String RECORD = "run.properties";
  private static final Logger LOG = Logger.getLogger(ProgramRunDir.class.getName());
  private static final String SEP = "\u001f";

  final Path dir;

  private ProgramRunDir(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates the directory of run {@code id}, owned by this process.
   *
   * @throws WorkspaceException {@code INVALID_SPEC} if a run of that id still exists
   */
  static ProgramRunDir create(Path runsDir, String id) {
    Path dir = runsDir.resolve(id);
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.INVALID_SPEC,
          "a run with id "
              + id
              + " exists already: give every run an id of its own, and close() each result");
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot create the run directory " + dir, e);
    }
    ProgramRunDir run = new ProgramRunDir(dir);
    run.record(List.of());
    return run;
  }

  /** Records the run's cgroups, so that whoever deletes the run removes them too. */
  void record(List<Path> cgroups) {
    Properties p = new Properties();
    Procs.ProcessId owner =
        Procs.ProcessId.of(ProcessHandle.current().pid())
            .orElseThrow(() -> new IllegalStateException("this process is not in /proc"));
    p.setProperty("owner.pid", Long.toString(owner.pid()));
    p.setProperty("owner.startTicks", Long.toString(owner.startTicks()));
    p.setProperty("owner.bootId", owner.bootId());
    p.setProperty("cgroups", String.join(SEP, cgroups.stream().map(Path::toString).toList()));
    StateFiles.write(dir.resolve(RECORD), p);
  }

  /**
   * Copies each input into {@code inputs/}, readable by everyone ({@code 0444}), so that the run's
   * uid can read it inside whatever the host file's owner and mode. A hard link would share the
   * host file's mode, which the object store keeps {@code 0600}; the copy costs the input's size in
   * disk space and the time to write it, once per run.
   *
   * @return sandbox path to the copy
   */
  Map<String, Path> copyInputs(Map<String, Path> inputs) throws IOException {
    Path copies = Files.createDirectory(dir.resolve("inputs"));
    Map<String, Path> result = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      Path copy = copies.resolve(Integer.toString(n++));
      Files.copy(input.getValue(), copy);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));
      result.put(input.getKey(), copy);
    }
    return result;
  }

  /** The empty output directory, {@code 0700} and owned by {@code uid:gid} when {@code chown}. */
  Path createOutput(boolean chown, long uid, long gid) throws IOException {
    Path output = Files.createDirectory(dir.resolve("output"));
    Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwx------"));
    if (chown) {
      Trees.chown(output, uid, gid);
    }
    return output;
  }

  /**
   * Removes the run in {@code dir}: whatever is left of its cgroups, then its files. Does nothing
   * unless {@code dir} holds a run record, so that a result pointing elsewhere deletes nothing.
   */
  static void delete(Path dir) {
    if (dir == null || !Files.isRegularFile(dir.resolve(RECORD), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Optional<Properties> record = StateFiles.read(dir.resolve(RECORD));
    List<Path> groups = record.map(ProgramRunDir::cgroups).orElse(List.of());
    Cgroups.killAll(groups, ProgramSandbox.KILL_WAIT);
    List<Path> left = Cgroups.remove(groups);
    if (!left.isEmpty()) {
      LOG.warning(() -> "cgroups not removed (still in use?): " + left);
    }
    try {
      Trees.deleteRecursively(dir);
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot delete the run directory " + dir, e);
    }
  }

  /** Removes the runs in {@code runsDir} whose owner process is gone, killing what is left. */
  static void sweep(Path runsDir) {
    try (Stream<Path> runs = Files.list(runsDir)) {
      for (Path dir : runs.filter(Files::isDirectory).toList()) {
        try {
          Optional<Properties> record = StateFiles.read(dir.resolve(RECORD));
          if (record.isPresent() && !owner(record.get()).isAlive()) {
            LOG.warning(() -> "removing run " + dir.getFileName() + ", whose owner is gone");
            delete(dir);
          }
        } catch (RuntimeException e) {
          LOG.warning(() -> "cannot sweep run " + dir + ": " + e);
        }
      }
    } catch (IOException e) {
      LOG.warning(() -> "cannot sweep " + runsDir + ": " + e);
    }
  }

  private static Procs.ProcessId owner(Properties p) {
    return new Procs.ProcessId(
        Long.parseLong(p.getProperty("owner.pid")),
        Long.parseLong(p.getProperty("owner.startTicks")),
        p.getProperty("owner.bootId"));
  }

  private static List<Path> cgroups(Properties p) {
    String joined = p.getProperty("cgroups", "");
    return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(SEP)).map(Path::of).toList();
  }
}
