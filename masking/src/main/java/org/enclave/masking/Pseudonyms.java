package org.enclave.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms: the same user id, post id or username gives the same pseudonym under one
 * dataset's key (so versions of a dataset agree), and unrelated ones under another dataset's key
 * (so two datasets cannot be joined on them). Without the key a pseudonym cannot be reversed or
 * recomputed from a guessed id.
 */
public final class Pseudonyms {
  /** HMAC-SHA-256 under a key this object never sees (KMS, or the local key service). */
  @FunctionalInterface
  public interface Key {
    byte[] mac(byte[] message);
  }

  /** 12 base32 characters: 60 bits, no collision to expect below a billion ids. */
  private static final int LENGTH = 12;

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Key key;

  public Pseudonyms(Key key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** A key held in this process: for tests, and for the local key service. */
  public static Key hmacSha256(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("a pseudonym key needs at least 32 bytes");
    }
    SecretKeySpec spec = new SecretKeySpec(secret.clone(), "HmacSHA256");
    return message -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(spec);
        return mac.doFinal(message);
      } catch (InvalidKeyException e) {
        throw new IllegalStateException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    };
  }

  /** {@code user_…}: the pseudonym of a user id, also what their username becomes. */
  public String user(String userId) {
    return "user_" + of("user", userId);
  }

  /** {@code post_…}: the pseudonym of a post id. */
  public String post(String postId) {
    return "post_" + of("post", postId);
  }

  private String of(String kind, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("an empty " + kind + " id has no pseudonym");
    }
    // The kind and a 0 byte first: a user id and a post id with the same text differ.
    byte[] message = (kind + '\0' + value).getBytes(StandardCharsets.UTF_8);
    byte[] mac = key.mac(message);
    StringBuilder out = new StringBuilder(LENGTH);
    long bits = 0;
    int have = 0;
    for (int i = 0; out.length() < LENGTH; i++) {
      bits = (bits << 8) | (mac[i] & 0xff);
      have += 8;
      while (have >= 5 && out.length() < LENGTH) {
        have -= 5;
        out.append(BASE32[(int) ((bits >>> have) & 31)]);
      }
    }
    return out.toString();
  }
}
