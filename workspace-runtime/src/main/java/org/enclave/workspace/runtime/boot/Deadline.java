package org.enclave.workspace.runtime.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** The time the whole boot may take; the control plane's start times out at about the same. */
final class Deadline {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Clock clock;
  private final Instant end;

  Deadline(Clock clock, Duration budget) {
    this.clock = clock;
    this.end = clock.instant().plus(budget);
  }

  /** Sleeps {@code d} (less if the deadline comes first); false once the deadline has passed. */
  boolean sleep(Duration d) throws InterruptedException {
    Duration left = Duration.between(clock.instant(), end);
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    Thread.sleep(Math.max(1, Math.min(d.toMillis(), left.toMillis())));
    return clock.instant().isBefore(end);
  }

  /** A step that may fail with {@link BootException.Retry} until the service it needs is up. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws InterruptedException;
  }

  /**
   * Runs {@code step} until it succeeds, backing off from 250 ms to 5 s between tries; a {@link
   * BootException} that is not a retry ends it at once.
   *
   * @param log told each retry's reason
   * @throws BootException the last retry's reason once the deadline passes
   */
  <T> T retry(Step<T> step, Consumer<String> log) throws InterruptedException {
    Duration backoff = Duration.ofMillis(250);
    while (true) {
      try {
        return step.run();
      } catch (BootException.Retry e) {
        log.accept(e.getMessage() + "; retrying");
        if (!sleep(backoff)) {
          throw new BootException(e.getMessage() + " (gave up at the boot deadline)");
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }
}
