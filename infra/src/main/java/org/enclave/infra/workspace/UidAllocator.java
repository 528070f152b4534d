package org.enclave.infra.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands out host uids from a range, one per workspace, by creating {@code <dir>/<uid>} (which fails
 * if the uid is taken, across processes too). A uid stays with its workspace until the workspace is
 * terminated, so that the files in its home keep their owner.
 */
final class UidAllocator {
  private final Path dir;
  private final long base;
  private final int count;

  UidAllocator(Path dir, long base, int count) {
    this.dir = dir;
    this.base = base;
    this.count = count;
  }

  long claim(String workspaceId) {
    try {
      Files.createDirectories(dir);
      for (long uid = base; uid < base + count; uid++) {
        try {
          Files.writeString(
              dir.resolve(Long.toString(uid)),
              workspaceId,
              StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE);
          return uid;
        } catch (FileAlreadyExistsException e) {
          // Taken: try the next one.
        }
      }
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot claim a uid in " + dir, e);
    }
    throw new WorkspaceException(
        WorkspaceException.Reason.UNAVAILABLE,
        "all " + count + " workspace uids from " + base + " are taken");
  }

  void release(long uid) {
    try {
      Files.deleteIfExists(dir.resolve(Long.toString(uid)));
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot release uid " + uid, e);
    }
  }
}
