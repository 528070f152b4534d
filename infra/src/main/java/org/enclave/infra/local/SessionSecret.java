package org.enclave.infra.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The secret the control plane encrypts its session cookies with: generated once, then kept in a
 * file only the owner can read, so that sessions survive restarts of the local stack.
 */
final class SessionSecret {
  static final int MIN_LENGTH = 32;
  private static final int RANDOM_BYTES = 48; // 64 base64url characters
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private SessionSecret() {}

  /**
   * Returns the secret in {@code file}, creating the file (mode 600, folder mode 700) with a fresh
   * random secret when it is missing or holds fewer than {@value #MIN_LENGTH} characters.
   */
  static String loadOrCreate(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      String existing = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (existing.length() >= MIN_LENGTH) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return existing;
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path tmp =
        Files.createTempFile(
            dir, ".session-secret-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return secret;
  }
}
