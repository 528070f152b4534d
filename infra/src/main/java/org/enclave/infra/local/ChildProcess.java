package org.enclave.infra.local;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A supervised child process whose output goes to a log file. Stopping it stops its whole process
 * tree: polite termination first, then a forced kill for whatever is left after the grace period.
 * Descendants that started a session of their own ({@code setsid}) left the tree on purpose and are
 * not stopped: the control plane's workspaces are such, and outlive it by design.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  private static final File NO_INPUT = new File("/dev/null");

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Duration grace;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private ChildProcess(String name, Process process, Path logFile, Duration grace) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.grace = grace;
  }

  /**
   * Starts {@code builder} with stdin from {@code /dev/null} and stdout and stderr written to
   * {@code logFile}. A log from an earlier run is kept as {@code <logFile>.1}, so that {@link
   * #logTail} shows this run only.
   *
   * @param name what the process is, for messages
   * @param grace how long {@link #close()} waits after asking the processes to terminate
   */
  public static ChildProcess start(
      String name, ProcessBuilder builder, Path logFile, Duration grace) throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    if (Files.exists(logFile)) {
      Files.move(
          logFile,
          logFile.resolveSibling(logFile.getFileName() + ".1"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    builder
        .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    return new ChildProcess(name, builder.start(), logFile, grace);
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Blocks until the process exits and returns its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** Exit code, or empty while the process runs. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** The last {@code lines} lines of the log file, or a note that there is none. */
  public String logTail(int lines) {
    return tail(logFile, lines);
  }

  /**
   * Stops the process and every descendant it has now in its session: SIGTERM to all, then SIGKILL
   * to whatever is still alive after the grace period. Idempotent.
   */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    // Take the tree before anything exits: orphans are re-parented and leave the tree.
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    OptionalLong session = session(process.pid());
    process.descendants().filter(h -> sameSession(h, session)).forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    awaitExit(tree, grace);
    List<ProcessHandle> stubborn = tree.stream().filter(ProcessHandle::isAlive).toList();
    stubborn.forEach(ProcessHandle::destroyForcibly);
    awaitExit(stubborn, KILL_WAIT);
  }

  private static boolean sameSession(ProcessHandle handle, OptionalLong session) {
    OptionalLong own = session(handle.pid());
    return session.isEmpty() || own.isEmpty() || own.getAsLong() == session.getAsLong();
  }

  /** The session id of a process, from {@code /proc/<pid>/stat}; empty if unknown (or gone). */
  static OptionalLong session(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(fields[3]));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static void awaitExit(List<ProcessHandle> handles, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    for (ProcessHandle handle : handles) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | TimeoutException e) {
        // Still running: the caller escalates.
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last {@code lines} lines of {@code file}, reading at most its last 64 KiB. */
  static String tail(Path file, int lines) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, 64 * 1024);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      int from = Math.max(0, all.length - lines);
      return String.join(System.lineSeparator(), List.of(all).subList(from, all.length));
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }
}
