package org.enclave.api.audit;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.security.EnclavePrincipal;
import org.jboss.logging.Logger;

/**
 * Records refused unauthenticated requests within an {@link UnauthenticatedDenialBudget}: the first
 * ones of each client address and minute get an entry each, the rest one summary entry per address
 * and minute, written when the minute is over.
 */
@ApplicationScoped
public class UnauthenticatedDenials {
  private static final Logger LOG = Logger.getLogger(UnauthenticatedDenials.class);
  private static final int MAX_ADDRESSES = 10_000;
  private static final long FLUSH_EVERY_MILLIS = 15_000;

  @Inject AuditRecorder audit;
  @Inject Clock clock;
  @Inject Vertx vertx;

  private final UnauthenticatedDenialBudget budget;
  private long timer = -1;

  @Inject
  public UnauthenticatedDenials(EnclaveConfig config) {
    this.budget =
        new UnauthenticatedDenialBudget(
            config.limits().unauthenticatedAuditPerMinute(),
            config.limits().unauthenticatedAuditOverallPerMinute(),
            MAX_ADDRESSES);
  }

  void onStart(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(FLUSH_EVERY_MILLIS, id -> recordEnded(clock.instant()));
  }

  /** Records the summaries of every minute that ended before {@code now}. */
  void recordEnded(Instant now) {
    record(budget.flush(now));
  }

  @PreDestroy
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    // summaries of the minute in progress are written now rather than lost
    record(budget.flush(clock.instant().plus(UnauthenticatedDenialBudget.WINDOW)));
  }

  /**
   * Records one refused unauthenticated request, or counts it for the summary.
   *
   * @param address the client's address
   * @param endpoint method and path
   * @param reason why it was refused
   */
  public Uni<Void> refused(String address, String endpoint, String reason) {
    UnauthenticatedDenialBudget.Admission a = budget.admit(address, clock.instant());
    Uni<Void> summaries = summaries(a.due());
    if (!a.record()) {
      return summaries;
    }
    return summaries.chain(
        () ->
            audit.deniedOffThread(
                EnclavePrincipal.anonymous(),
                "http.request",
                AuditRecorder.Target.of("endpoint", endpoint),
                reason));
  }

  private void record(List<UnauthenticatedDenialBudget.Summary> due) {
    if (!due.isEmpty()) {
      summaries(due)
          .subscribe()
          .with(ok -> {}, e -> LOG.error("cannot record refused unauthenticated requests", e));
    }
  }

  private Uni<Void> summaries(List<UnauthenticatedDenialBudget.Summary> due) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (UnauthenticatedDenialBudget.Summary s : due) {
      all =
          all.chain(
              () ->
                  audit.deniedOffThread(
                      EnclavePrincipal.anonymous(),
                      "http.request",
                      AuditRecorder.Target.of("client-address", s.address()),
                      s.suppressed()
                          + " further unauthenticated requests refused from "
                          + s.first()
                          + " to "
                          + s.last()
                          + " without an entry each (over the per-minute budget)"));
    }
    return all;
  }
}
