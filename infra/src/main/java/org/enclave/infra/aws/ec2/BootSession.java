package org.enclave.infra.aws.ec2;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * One start's boot exchange: its one-time token (256 random bits), the environment it redeems for,
 * the instance's address once known, and whether the runtime reported ready.
 */
final class BootSession {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] token;
  private final Instant expires;
  private final Map<String, String> environment;
  private InetAddress address;
  private boolean redeemed;
  private boolean ready;

  BootSession(String token, Instant expires, Map<String, String> environment) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.expires = expires;
    this.environment = Map.copyOf(environment);
  }

  /** A fresh token: 32 random bytes, base64url without padding. */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  synchronized void address(InetAddress address) {
    this.address = address;
  }

  synchronized Optional<InetAddress> address() {
    return Optional.ofNullable(address);
  }

  /** The environment, once: for the right token, from the instance's address, before expiry. */
  synchronized Optional<Map<String, String>> redeem(
      String presented, InetAddress from, Instant now) {
    boolean tokenMatches =
        presented != null
            && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
    if (!tokenMatches || redeemed || now.isAfter(expires) || !fromInstance(from)) {
      return Optional.empty();
    }
    redeemed = true;
    return Optional.of(environment);
  }

  /** Accepts the runtime's ready report from the instance's address after redemption. */
  synchronized boolean reportReady(InetAddress from, Instant now) {
    if (!redeemed || now.isAfter(expires) || !fromInstance(from)) {
      return false;
    }
    ready = true;
    return true;
  }

  synchronized boolean redeemed() {
    return redeemed;
  }

  synchronized boolean ready() {
    return ready;
  }

  private boolean fromInstance(InetAddress from) {
    return address != null && address.equals(from);
  }
}
