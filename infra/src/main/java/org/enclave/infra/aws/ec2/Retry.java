package org.enclave.infra.aws.ec2;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.enclave.infra.workspace.WorkspaceException;

/**
 * Retries an idempotent EC2 call on throttling, 5xx and connection errors, with exponential backoff
 * and full jitter. Only for calls that may safely run twice: the {@code Describe*} calls, {@code
 * RunInstances} with its client token, start, stop and terminate. The SDK's own retries must be off
 * ({@link Ec2Clients}), or the attempts multiply.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param baseDelay the cap of the first backoff
 * @param maxDelay the cap of every backoff
 * @param sleeper how to wait (a fake in tests)
 * @param random the jitter's source
 */
public record Retry(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Sleeper sleeper,
    RandomGenerator random) {

  /** Waits; a fake in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
  }

  public Retry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
    }
  }

  /** Five attempts, backoff capped at 0.2 s, 0.4 s, 0.8 s, 1.6 s (at most 20 s). */
  public static Retry standard() {
    return new Retry(
        5,
        Duration.ofMillis(200),
        Duration.ofSeconds(20),
        Sleeper.REAL,
        RandomGenerator.of("L64X128MixRandom"));
  }

  /** Runs {@code call}, again after a backoff while it fails with a retryable error. */
  public <T> T call(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (attempt >= maxAttempts || !Ec2Errors.retryable(e)) {
          throw e;
        }
        pause(backoff(attempt));
      }
    }
  }

  /** The wait after failed attempt {@code attempt}: uniform in [0, min(max, base·2^(n-1))]. */
  Duration backoff(int attempt) {
    long cap = baseDelay.toMillis() << Math.min(attempt - 1, 30);
    long bound = Math.min(Math.max(cap, 0), maxDelay.toMillis());
    return Duration.ofMillis(bound == 0 ? 0 : random.nextLong(bound + 1));
  }

  void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException(
          WorkspaceException.Reason.UNAVAILABLE, "interrupted while waiting for EC2", e);
    }
  }
}
