package org.enclave.api.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import org.enclave.infra.keys.KeyService;
import org.enclave.masking.Pseudonyms;

/**
 * Each dataset's pseudonym key, derived from the key service's pseudonym key and the dataset id:
 * the SHA-256 of the (deterministic) Ed25519 signature of a context string. So the same dataset
 * always gets the same key (pseudonyms agree across its versions), two datasets get unrelated keys
 * (their pseudonyms cannot be joined), and the key exists only in memory while a job runs: no
 * table, file or export holds it.
 */
@ApplicationScoped
public class PseudonymKeys {
  private static final String CONTEXT = "enclave-pseudonym-key/1\0";

  @Inject KeyService keys;
  @Inject IngestConfig config;

  /** The dataset's pseudonym key. */
  public Pseudonyms.Key of(UUID datasetId) {
    byte[] sig =
        keys.sign(
            config.pseudonymKeyName(), (CONTEXT + datasetId).getBytes(StandardCharsets.UTF_8));
    try {
      byte[] secret = MessageDigest.getInstance("SHA-256").digest(sig);
      Arrays.fill(sig, (byte) 0);
      Pseudonyms.Key key = Pseudonyms.hmacSha256(secret);
      Arrays.fill(secret, (byte) 0);
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * The number of days a user's timestamps move: between {@code -maxDays} and {@code maxDays},
   * never 0, the same for the user in every version of the dataset.
   */
  static int dateShift(Pseudonyms.Key key, String userId, int maxDays) {
    byte[] mac = key.mac(("shift\0" + userId).getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(mac).getLong() >>> 1;
    int days = 1 + (int) (bits % maxDays);
    return (mac[8] & 1) == 0 ? days : -days;
  }
}
