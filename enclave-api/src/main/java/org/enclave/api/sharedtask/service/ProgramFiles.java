package org.enclave.api.sharedtask.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.enclave.api.sharedtask.persistence.ProgramEntity;

/**
 * Checks an uploaded scoring program before it is recorded, so that an organizer learns at once
 * that a file cannot run rather than from every submission's failure: a Python script must be UTF-8
 * text; a jar must be a readable jar whose manifest names its {@code Main-Class}.
 */
final class ProgramFiles {
  /** A program's file name: shown to organizers and used as its name inside the sandbox. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private ProgramFiles() {}

  /** What is wrong with {@code name} for {@code kind}, if anything. */
  static Optional<String> nameProblem(ProgramEntity.Kind kind, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.of(
          "name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit,"
              + " like 'score.py'");
    }
    String extension = kind == ProgramEntity.Kind.PYTHON ? ".py" : ".jar";
    if (!name.endsWith(extension)) {
      return Optional.of("a " + kind.name().toLowerCase() + " program's name ends in " + extension);
    }
    return Optional.empty();
  }

  /** What is wrong with the program's bytes, if anything. */
  static Optional<String> contentProblem(ProgramEntity.Kind kind, Suites.Source file)
      throws IOException {
    return kind == ProgramEntity.Kind.PYTHON ? script(file) : jar(file);
  }

  private static Optional<String> script(Suites.Source file) throws IOException {
    byte[] bytes;
    try (InputStream in = file.open()) {
      bytes = in.readAllBytes();
    }
    if (bytes.length == 0) {
      return Optional.of("the script is empty");
    }
    for (byte b : bytes) {
      if (b == 0) {
        return Optional.of("the script has a NUL byte: upload the .py source, not a binary");
      }
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      utf8.decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return Optional.of("the script is not UTF-8 text");
    }
    return Optional.empty();
  }

  private static Optional<String> jar(Suites.Source file) throws IOException {
    try (InputStream raw = file.open();
        JarInputStream in = new JarInputStream(raw, false)) {
      Manifest manifest = in.getManifest();
      boolean anyEntry = in.getNextJarEntry() != null;
      if (manifest == null) {
        return Optional.of(
            anyEntry
                ? "the jar has no META-INF/MANIFEST.MF as its first entries; build it with a"
                    + " manifest naming Main-Class"
                : "the file is not a jar (no zip entries)");
      }
      String main = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      if (main == null || main.isBlank()) {
        return Optional.of(
            "the jar's manifest names no Main-Class; the sandbox runs it with java -jar");
      }
      return Optional.empty();
    } catch (ZipException | SecurityException e) {
      return Optional.of("the file is not a readable jar: " + e.getMessage());
    }
  }
}
