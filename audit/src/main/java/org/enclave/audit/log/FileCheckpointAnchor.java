package org.enclave.audit.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps checkpoints in an append-only text file outside the database: each signed note followed by
 * a blank line, fsynced before {@link #append} returns. The file is only ever opened for appending.
 */
public final class FileCheckpointAnchor implements CheckpointAnchor {
  private final Path file;

  public FileCheckpointAnchor(Path file) throws IOException {
    this.file = file.toAbsolutePath().normalize();
    Files.createDirectories(this.file.getParent());
  }

  @Override
  public synchronized void append(long treeSize, String signedNote) throws IOException {
    byte[] bytes = (signedNote + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  public Path file() {
    return file;
  }
}
