package org.enclave.infra.workspace;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/** Small properties files in the state directory, replaced atomically. */
final class StateFiles {
  private StateFiles() {}

  static Optional<Properties> read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(in);
      return Optional.of(properties);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "unreadable state file " + file, e);
    }
  }

  static void write(Path file, Properties properties) {
    try {
      StringWriter text = new StringWriter();
      properties.store(text, null);
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot write state file " + file, e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot delete state file " + file, e);
    }
  }
}
