package org.enclave.infra.aws.kms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.enclave.infra.keys.KeyServiceException;

/**
 * Where an envelope key's seed is: the KMS key that encrypted it, and its ciphertext blob in base64
 * either given directly ({@link #inline}) or in a file ({@link #inFile}), as {@link EnvelopeSeeds}
 * writes it. Exactly one of {@code ciphertext} and {@code ciphertextFile} is set.
 *
 * @param kmsKey the symmetric KMS key (id, ARN or alias) that decrypts the blob
 * @param ciphertext the blob in base64, or null when it is in {@code ciphertextFile}
 * @param ciphertextFile a file holding the blob in base64, or null
 */
public record EnvelopeKey(String kmsKey, String ciphertext, Path ciphertextFile) {
  public EnvelopeKey {
    Objects.requireNonNull(kmsKey, "kmsKey");
    if (kmsKey.isBlank()) {
      throw new IllegalArgumentException("an envelope key needs the KMS key that decrypts it");
    }
    if ((ciphertext == null) == (ciphertextFile == null)) {
      throw new IllegalArgumentException(
          "an envelope key needs exactly one of a ciphertext and a ciphertext file");
    }
  }

  /** A seed whose ciphertext blob is {@code base64}. */
  public static EnvelopeKey inline(String kmsKey, String base64) {
    return new EnvelopeKey(kmsKey, Objects.requireNonNull(base64, "ciphertext"), null);
  }

  /** A seed whose ciphertext blob is in {@code file}, in base64. */
  public static EnvelopeKey inFile(String kmsKey, Path file) {
    return new EnvelopeKey(kmsKey, null, Objects.requireNonNull(file, "ciphertextFile"));
  }

  /** The ciphertext blob, read and decoded; {@code name} is the key's name, for messages. */
  byte[] ciphertextBlob(String name) {
    String text;
    String where;
    if (ciphertextFile != null) {
      where = "the ciphertext file " + ciphertextFile + " of envelope key " + name;
      try {
        text = Files.readString(ciphertextFile, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new KeyServiceException("cannot read " + where, e);
      }
    } else {
      where = "the ciphertext of envelope key " + name;
      text = ciphertext;
    }
    byte[] blob;
    try {
      blob = Base64.getMimeDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyServiceException(where + " is not base64", e);
    }
    if (blob.length == 0) {
      throw new KeyServiceException(where + " is empty", null);
    }
    return blob;
  }
}
