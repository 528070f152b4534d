package org.enclave.infra.workspace;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The session server's side of a start: its directory is emptied and given to the workspace, the
 * server creates its socket there, then the directory is taken back (root's, not writable by the
 * workspace) so that the socket can never be swapped for a link to some other socket on the host,
 * which the control plane (root) would otherwise connect to. The start is ready once the server
 * answers over the socket.
 */
final class SessionStartup {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFDIR = 0040000;
  private static final long PROBE_TIMEOUT_MILLIS = 2000;

  private final SessionServer session;
  private final WorkspaceRecord workspace;
  private final boolean privileged;

  SessionStartup(SessionServer session, WorkspaceRecord workspace, boolean privileged) {
    this.session = session;
    this.workspace = workspace;
    this.privileged = privileged;
  }

  /** Empties the session directory and lets the workspace create its socket there. */
  static void prepare(SessionServer session, WorkspaceRecord workspace, boolean privileged)
      throws IOException {
    Path dir = session.hostDir();
    if (Files.isSymbolicLink(dir)) {
      throw new WorkspaceException(
          WorkspaceException.Reason.INVALID_SPEC, "the session directory is a symbolic link");
    }
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        Trees.deleteRecursively(entry);
      }
    }
    if (privileged) {
      Trees.chown(dir, workspace.uid(), workspace.gid());
    }
  }

  /** Waits for the socket, locks the directory, checks the socket, and waits for an answer. */
  void await(String id, Procs.ProcessId init, long deadline, Path log) {
    Path socket = session.socket();
    while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      check(init, deadline, log, id, "the session server did not create its socket");
      sleep(20);
    }
    try {
      lock(session.hostDir());
    } catch (IOException e) {
      throw SandboxLauncher.failed(id, "cannot lock the session directory: " + e, log);
    }
    if (!isSafe(socket, workspace.uid(), privileged)) {
      throw SandboxLauncher.failed(
          id, "the session socket is not a socket of the workspace's own", log);
    }
    while (!answers(socket, session.probePath())) {
      check(init, deadline, log, id, "the session server did not answer");
      sleep(50);
    }
  }

  /** Root's, readable by all, writable by nobody else: entries in it can no longer change. */
  private void lock(Path dir) throws IOException {
    if (privileged) {
      Trees.chown(dir, 0, 0);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } else {
      // Without root the workspace has the control plane's uid and could undo this.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    }
  }

  /**
   * Whether {@code socket} is a socket (not a link) owned by the workspace, in a directory that the
   * workspace cannot change (with root). Only then may the control plane connect to it.
   */
  static boolean isSafe(Path socket, long uid, boolean privileged) {
    try {
      Map<String, Object> s =
          Files.readAttributes(socket, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
      if (((Integer) s.get("mode") & S_IFMT) != S_IFSOCK
          || ((Number) s.get("uid")).longValue() != uid) {
        return false;
      }
      if (!privileged) {
        return true;
      }
      Map<String, Object> d =
          Files.readAttributes(socket.getParent(), "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) d.get("mode");
      return (mode & S_IFMT) == S_IFDIR
          && ((Number) d.get("uid")).longValue() == 0
          && (mode & 0022) == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** One HTTP/1.0 GET over the socket: true on 200. */
  static boolean answers(Path socket, String path) {
    CompletableFuture<Boolean> probe =
        CompletableFuture.supplyAsync(
            () -> {
              try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ch.write(
                    ByteBuffer.wrap(
                        ("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer head = ByteBuffer.allocate(12);
                while (head.hasRemaining() && ch.read(head) >= 0) {
                  // the status line's first 12 bytes: "HTTP/1.1 200"
                }
                String status =
                    new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
                return List.of("HTTP/1.0 200", "HTTP/1.1 200").contains(status);
              } catch (IOException e) {
                return false;
              }
            });
    try {
      return probe.get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      probe.cancel(true);
      return false;
    }
  }

  private static void check(Procs.ProcessId init, long deadline, Path log, String id, String why) {
    if (!init.isAlive()) {
      throw SandboxLauncher.failed(id, "the sandbox exited while starting", log);
    }
    if (System.nanoTime() - deadline >= 0) {
      throw SandboxLauncher.failed(id, why + " within the start timeout", log);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException(WorkspaceException.Reason.START_FAILED, "interrupted", e);
    }
  }
}
