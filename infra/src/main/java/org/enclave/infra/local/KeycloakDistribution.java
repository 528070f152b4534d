package org.enclave.infra.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The Keycloak server distribution ({@code keycloak-quarkus-dist} zip), unpacked once. */
public final class KeycloakDistribution {

  private KeycloakDistribution() {}

  /**
   * Unpacks {@code zip} into {@code cacheDir/<zip name without .zip>} unless that is already there,
   * and returns that directory: the Keycloak home with {@code bin/kc.sh}. The zip's single
   * top-level folder is stripped. Unpacking goes to a temporary folder that is renamed into place,
   * so a half-unpacked home is never used; shell scripts are made executable (zip entries carry no
   * Unix mode that {@code java.util.zip} can read).
   */
  public static Path ensureUnpacked(Path zip, Path cacheDir) throws IOException {
    String fileName = zip.getFileName().toString();
    String name =
        fileName.endsWith(".zip") ? fileName.substring(0, fileName.length() - 4) : fileName;
    Path home = cacheDir.resolve(name).toAbsolutePath().normalize();
    if (isComplete(home)) {
      return home;
    }
    deleteTree(home); // a leftover without bin/kc.sh is not a usable home
    if (!Files.isRegularFile(zip)) {
      throw new LocalStackException("Keycloak distribution not found at " + zip);
    }
    Files.createDirectories(cacheDir);
    Path staging = Files.createTempDirectory(cacheDir, "." + name + "-unpacking-");
    try {
      unzipStrippingRoot(zip, staging);
      if (!isComplete(staging)) {
        throw new LocalStackException(zip + " does not look like a Keycloak distribution");
      }
      makeScriptsExecutable(staging);
      moveIntoPlace(staging, home);
    } finally {
      deleteTree(staging);
    }
    return home;
  }

  private static void unzipStrippingRoot(Path zip, Path target) throws IOException {
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = archive.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String entryName = entry.getName();
        int slash = entryName.indexOf('/');
        if (slash < 0 || slash == entryName.length() - 1) {
          continue; // the top-level folder itself, or a stray file beside it
        }
        Path out = target.resolve(entryName.substring(slash + 1)).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry escapes the target folder: " + entryName);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void makeScriptsExecutable(Path home) throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file) && file.getFileName().toString().endsWith(".sh")) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  private static void moveIntoPlace(Path staging, Path home) throws IOException {
    try {
      Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another launcher may have finished first; its home is complete too.
      if (!isComplete(home)) {
        throw e;
      }
    }
  }

  private static boolean isComplete(Path home) {
    return Files.isRegularFile(home.resolve("bin/kc.sh"));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
