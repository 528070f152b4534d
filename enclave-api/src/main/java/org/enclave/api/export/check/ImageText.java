package org.enclave.api.export.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The text in an image, read with the Tesseract OCR engine (Debian {@code tesseract-ocr} and its
 * English model), for the text checks. Runs {@code tesseract} on a private copy of the image, with
 * a time limit; absent the engine, the image is reported as not checked rather than as clean.
 */
public final class ImageText {
  static final Path TESSERACT = Path.of("/usr/bin/tesseract");
  static final long TIMEOUT_SECONDS = 120;

  private ImageText() {}

  /** Whether the OCR engine is installed. */
  public static boolean available() {
    return Files.isExecutable(TESSERACT);
  }

  /**
   * The text Tesseract reads in the image; empty when the engine is not installed.
   *
   * @throws IOException when the engine fails on the image or takes too long
   */
  public static Optional<String> of(byte[] image, Path workDir) throws IOException {
    if (!available()) {
      return Optional.empty();
    }
    Path in = Files.createTempFile(workDir, "ocr-", ".img");
    Path err = Files.createTempFile(workDir, "ocr-", ".err");
    try {
      Files.write(in, image);
      Process p =
          new ProcessBuilder(
                  List.of(TESSERACT.toString(), in.toString(), "stdout", "-l", "eng", "--psm", "3"))
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      p.getOutputStream().close();
      byte[] out;
      try (var stdout = p.getInputStream()) {
        out = stdout.readNBytes(16 << 20);
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("OCR took more than " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        String why = Files.readString(err, StandardCharsets.UTF_8).strip();
        throw new IOException("OCR failed: " + (why.length() > 300 ? why.substring(0, 300) : why));
      }
      return Optional.of(new String(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("OCR interrupted", e);
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(err);
    }
  }
}
