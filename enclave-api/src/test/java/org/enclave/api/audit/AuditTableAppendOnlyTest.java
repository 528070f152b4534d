package org.enclave.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditOutcome;
import org.enclave.audit.AuditSink;
import org.junit.jupiter.api.Test;

/** The database itself refuses to change or remove audit records, whoever asks. */
@QuarkusTest
class AuditTableAppendOnlyTest {
  @Inject AuditSink sink;
  @Inject EntityManager em;
  @Inject AuditIndexCatchUp catchUp;

  @Test
  void appendedEventsGetIncreasingPositions() {
    long first = QuarkusTransaction.requiringNew().call(() -> sink.append(event("first")));
    long second = QuarkusTransaction.requiringNew().call(() -> sink.append(event("second")));
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void updateDeleteAndTruncateAreRefused() {
    QuarkusTransaction.requiringNew().run(() -> sink.append(event("keep-me")));
    catchUp.coverCurrent(); // its index row is written in the background
    for (String sql :
        List.of(
            "update audit_event set actor = 'mallory' where action = 'test.keep-me'",
            "delete from audit_event where action = 'test.keep-me'",
            "truncate audit_event")) {
      assertThatThrownBy(
              () ->
                  QuarkusTransaction.requiringNew()
                      .run(() -> em.createNativeQuery(sql).executeUpdate()))
          .as(sql)
          .hasStackTraceContaining("append-only");
    }
    Number left =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    (Number)
                        em.createNativeQuery(
                                "select count(*) from audit_event where action = 'test.keep-me'"
                                    + " and actor = 'tester'")
                            .getSingleResult());
    assertThat(left.longValue()).isGreaterThanOrEqualTo(1);
  }

  private static AuditEvent event(String name) {
    return new AuditEvent(
        Instant.now(),
        "tester",
        List.of("auditor"),
        "test." + name,
        AuditOutcome.ALLOW,
        null,
        "test",
        name,
        null,
        null,
        null);
  }
}
