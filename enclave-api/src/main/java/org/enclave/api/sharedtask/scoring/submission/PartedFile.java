package org.enclave.api.sharedtask.scoring.submission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reading a submission file in parts when that is worth it and allowed, else, or when the parts
 * cannot settle the report, in one pass from the start.
 */
final class PartedFile {

  private PartedFile() {}

  /** Reads the open file in parts: the result, or null when one pass must decide. */
  @FunctionalInterface
  interface InParts<T> {
    ParseResult<T> read(FileChannel channel) throws IOException;
  }

  /** Reads the file's bytes in one pass. */
  @FunctionalInterface
  interface OnePass<T> {
    ParseResult<T> read(InputStream in);
  }

  /**
   * {@code inParts} when {@code parts > 1} and the file is within the byte limit (a larger one
   * stops where one pass stops), else or when it gives null {@code onePass}.
   */
  static <T> ParseResult<T> read(
      Path file, ParseLimits limits, int parts, InParts<T> inParts, OnePass<T> onePass)
      throws IOException {
    if (parts > 1) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        if (channel.size() <= limits.maxBytes()) {
          ParseResult<T> result = inParts.read(channel);
          if (result != null) {
            return result;
          }
        }
      }
    }
    try (InputStream in = Files.newInputStream(file)) {
      return onePass.read(in);
    }
  }
}
