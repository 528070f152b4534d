package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.enclave.infra.keys.KeyService;

/**
 * Issues workspace access keys. An access key id is 20 random characters ({@code EKIA} and 16 of
 * base32); its secret is derived from it with a key-service key (Ed25519 signatures are
 * deterministic): {@code base64url(SHA-256(sign(key, "enclave-broker-credential-v1\n" + id)))}, cut
 * to 40 characters. No secret is stored anywhere: the control plane can recompute it from the id
 * after a restart, and whoever lacks the key cannot.
 */
@ApplicationScoped
public class CredentialIssuer {
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final String CONTEXT = "enclave-broker-credential-v1\n";

  @Inject KeyService keys;
  @Inject BrokerConfig config;

  private final SecureRandom random = new SecureRandom();

  /** A fresh access key id, never issued before (with overwhelming probability). */
  public String newAccessKeyId() {
    byte[] r = new byte[10];
    random.nextBytes(r);
    StringBuilder b = new StringBuilder("EKIA");
    long bits = 0;
    int have = 0;
    for (byte x : r) {
      bits = bits << 8 | (x & 0xff);
      have += 8;
      while (have >= 5) {
        b.append(BASE32[(int) (bits >> (have - 5)) & 31]);
        have -= 5;
      }
    }
    return b.toString();
  }

  /** The secret of an access key id. */
  public String secretOf(String accessKeyId) {
    byte[] sig =
        keys.sign(
            config.credentialKeyName(), (CONTEXT + accessKeyId).getBytes(StandardCharsets.UTF_8));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sig);
      Arrays.fill(sig, (byte) 0);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
