package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each workspace last sent the broker a request, kept in memory: one map write per request,
 * read and cleared by whoever records activity durably (the workspace idle check), so that a busy
 * workspace costs no database write per request.
 */
@ApplicationScoped
public class BrokerActivity {
  private final Map<String, Long> lastRequest = new ConcurrentHashMap<>();

  /** A request arrived from the workspace now. */
  void touch(String workspaceId) {
    lastRequest.put(workspaceId, System.currentTimeMillis());
  }

  /** The latest request time of every workspace seen since the last drain, removed from here. */
  public Map<String, Instant> drain() {
    Map<String, Instant> out = new HashMap<>();
    for (String ws : lastRequest.keySet()) {
      Long at = lastRequest.remove(ws);
      if (at != null) {
        out.put(ws, Instant.ofEpochMilli(at));
      }
    }
    return out;
  }
}
