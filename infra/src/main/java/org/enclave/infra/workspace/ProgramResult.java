package org.enclave.infra.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a run of a {@link ProgramSandbox} ended. Every process of the run has ended by then; the
 * run's host files remain until {@link #close()}.
 *
 * @param outcome how the program ended
 * @param exitCode the program's exit status when it {@link Outcome#EXITED exited}, 128 + n if a
 *     signal n ended it (153, SIGXFSZ, for a file beyond {@link ProgramRun#outputBytes}); null
 *     otherwise
 * @param elapsed from the start of the sandbox until the program ended or was killed
 * @param log the program's standard output and error, interleaved as written, UTF-8; the last
 *     {@link #MAX_LOG_BYTES} bytes when longer. For the organizers who wrote the program only: it
 *     may hold anything the program read, the gold labels included
 * @param logTruncated whether the start of the log was dropped
 * @param outputDir the host directory that was writable at {@link ProgramRun#OUTPUT_DIR} inside.
 *     Its content is the program's: read it with {@link #readOutput}, which follows no links
 * @param limits how each limit of the run was enforced on this host
 */
public record ProgramResult(
    Outcome outcome,
    Integer exitCode,
    Duration elapsed,
    String log,
    boolean logTruncated,
    Path outputDir,
    List<LimitEnforcement> limits)
    implements AutoCloseable {
  /** The most of a log that is kept: its end. */
  public static final int MAX_LOG_BYTES = 64 * 1024;

  /** How a program ended. */
  public enum Outcome {
    /** It ended by itself (or by a signal other than the limits below): see the exit code. */
    EXITED,
    /** It ran past its time limit and was killed with every process it started. */
    TIMED_OUT,
    /**
     * The kernel killed a process of the run for want of memory (the cgroup's limit), and the
     * program did not exit with 0.
     */
    OUT_OF_MEMORY
  }

  /** Whether the program exited with status 0. */
  public boolean succeeded() {
    return outcome == Outcome.EXITED && exitCode != null && exitCode == 0;
  }

  /**
   * Reads a regular file the program wrote under its output directory, {@code relativePath} such as
   * {@code scores.json}. A symbolic link anywhere on the way counts as no file (a program could
   * point one at any host file), and so do directories, devices and files larger than {@code
   * maxBytes}. Safe because no process of the run is left to change the directory while it is read.
   *
   * @return the file's bytes, or empty if the program left no such regular file of at most {@code
   *     maxBytes}
   * @throws IllegalArgumentException if {@code relativePath} leads out of the output directory
   * @throws WorkspaceException {@code HOST_ERROR} if the file cannot be read
   */
  public Optional<byte[]> readOutput(String relativePath, int maxBytes) {
    Path file = outputDir.resolve(relativePath).normalize();
    if (Path.of(relativePath).isAbsolute()
        || !file.startsWith(outputDir)
        || file.equals(outputDir)) {
      throw new IllegalArgumentException(
          "output file '" + relativePath + "' must be a path relative to the output directory");
    }
    for (Path p = file; !p.equals(outputDir); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        return Optional.empty();
      }
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in =
        Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 8));
      return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot read output file " + relativePath, e);
    }
  }

  /**
   * Deletes the run's host files (its output directory, the copies of its inputs) and whatever is
   * left of its cgroups. Does nothing if they are gone, or if {@link #outputDir()} is not a run's.
   */
  @Override
  public void close() {
    if (outputDir != null) {
      ProgramRunDir.delete(outputDir.getParent());
    }
  }
}
