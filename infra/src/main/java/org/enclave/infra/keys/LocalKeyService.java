package org.enclave.infra.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 keys kept as files in one directory ({@code <name>.ed25519}, the base64 seed, mode 600),
 * created on first use unless the service is {@link #existingOnly existing-only}. For the local
 * enclave and tests; production uses provisioned key files (existing-only) or a KMS-backed service.
 */
public final class LocalKeyService implements KeyService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final Path dir;
  private final boolean create;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Ed25519PrivateKeyParameters> keys = new ConcurrentHashMap<>();

  /** Keys in {@code dir}, each created on first use if its file does not exist. */
  public LocalKeyService(Path dir) {
    this(dir, true);
  }

  private LocalKeyService(Path dir, boolean create) {
    this.dir = dir.toAbsolutePath().normalize();
    this.create = create;
  }

  /**
   * Keys in {@code dir} that must exist already: a missing key file is an error, never a new key.
   * For signing keys whose public half others already hold, such as the audit log's in production.
   */
  public static LocalKeyService existingOnly(Path dir) {
    return new LocalKeyService(dir, false);
  }

  @Override
  public byte[] publicKey(String keyName) {
    return key(keyName).generatePublicKey().getEncoded();
  }

  @Override
  public byte[] sign(String keyName, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key(keyName));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  private Ed25519PrivateKeyParameters key(String keyName) {
    if (keyName == null || !NAME.matcher(keyName).matches()) {
      throw new IllegalArgumentException("key names are 1-64 lower-case letters, digits or dashes");
    }
    return keys.computeIfAbsent(keyName, this::loadOrCreate);
  }

  private Ed25519PrivateKeyParameters loadOrCreate(String keyName) {
    Path file = dir.resolve(keyName + ".ed25519");
    if (!create && !Files.isRegularFile(file)) {
      throw new KeyServiceException(
          "key file " + file + " does not exist, and this key service never creates keys", null);
    }
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dir);
        create(file);
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      byte[] seed;
      try {
        seed = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new KeyServiceException("key file " + file + " is not base64", e);
      }
      if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
        throw new KeyServiceException(
            "key file " + file + " holds " + seed.length + " bytes, not a 32-byte Ed25519 seed",
            null);
      }
      return new Ed25519PrivateKeyParameters(seed, 0);
    } catch (IOException e) {
      throw new KeyServiceException("cannot read or create key file " + file, e);
    }
  }

  private void create(Path file) throws IOException {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    Path tmp = Files.createTempFile(dir, ".key-", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(
          tmp, Base64.getEncoder().encodeToString(seed) + "\n", StandardOpenOption.WRITE);
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        // Another process created the key first: use theirs.
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
