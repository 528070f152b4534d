package org.enclave.infra.aws.sts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The credentials of one user's session, obtained when first needed and again when less than {@link
 * #REFRESH_BEFORE} of their lifetime remains. Concurrent callers share one refresh.
 */
final class UserCredentials implements AwsCredentialsProvider {
  /** How long before expiry a session is replaced: callers never get nearly-expired keys. */
  static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  private final Supplier<AwsSessionCredentials> assumeRole;
  private final Clock clock;
  private final Instant unusedUntil;
  private volatile AwsSessionCredentials current;

  /**
   * @param unusedFor how long the provider counts as live before its first use
   */
  UserCredentials(Supplier<AwsSessionCredentials> assumeRole, Clock clock, Duration unusedFor) {
    this.assumeRole = assumeRole;
    this.clock = clock;
    this.unusedUntil = clock.instant().plus(unusedFor);
  }

  @Override
  public AwsSessionCredentials resolveCredentials() {
    AwsSessionCredentials c = current;
    if (fresh(c)) {
      return c;
    }
    synchronized (this) {
      c = current;
      if (!fresh(c)) {
        c = assumeRole.get();
        current = c;
      }
      return c;
    }
  }

  /** Whether the last credentials have expired (or none were obtained), so nobody needs these. */
  boolean expired() {
    AwsSessionCredentials c = current;
    return c == null || c.expirationTime().map(t -> !clock.instant().isBefore(t)).orElse(false);
  }

  private boolean fresh(AwsSessionCredentials c) {
    if (c == null) {
      return false;
    }
    Instant refreshAt = c.expirationTime().map(t -> t.minus(REFRESH_BEFORE)).orElse(Instant.MAX);
    return clock.instant().isBefore(refreshAt);
  }
}
