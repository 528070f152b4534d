package org.enclave.api.support;

import static org.enclave.api.support.Api.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the audit log through the API as an auditor, in pages keyed by log index. */
public final class AuditTrail {
  private static final String EVENTS = "/api/v1/audit/events";
  private static final int PAGE = 1000;
  private static long newestSeen = -1;

  private AuditTrail() {}

  /** The log index of the newest event in the log now, or -1 if the log is empty. */
  public static synchronized long head() {
    List<Map<String, Object>> page;
    do {
      page = page(newestSeen, Map.of());
      if (!page.isEmpty()) {
        newestSeen = logIndex(page.get(page.size() - 1));
      }
    } while (page.size() == PAGE);
    return newestSeen;
  }

  /**
   * Every event after log index {@code index} that matches the query parameters in {@code filter}.
   */
  public static List<Map<String, Object>> after(long index, Map<String, String> filter) {
    List<Map<String, Object>> all = new ArrayList<>();
    long from = index;
    List<Map<String, Object>> page;
    do {
      page = page(from, filter);
      all.addAll(page);
      if (!page.isEmpty()) {
        from = logIndex(page.get(page.size() - 1));
      }
    } while (page.size() == PAGE);
    return all;
  }

  private static List<Map<String, Object>> page(long after, Map<String, String> filter) {
    return as("audrey", "auditor")
        .queryParams(filter)
        .queryParam("after", after)
        .queryParam("limit", PAGE)
        .get(EVENTS)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static long logIndex(Map<String, Object> event) {
    return ((Number) event.get("logIndex")).longValue();
  }
}
