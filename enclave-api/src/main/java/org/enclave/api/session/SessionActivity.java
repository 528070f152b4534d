package org.enclave.api.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each workspace's session last carried a request or a WebSocket message, kept in memory and
 * drained by the workspace idle check, as the broker's activity is: working in a notebook counts as
 * activity even when it reads no data.
 */
@ApplicationScoped
public class SessionActivity {
  private final Map<String, Long> last = new ConcurrentHashMap<>();

  void touch(String workspaceId) {
    last.put(workspaceId, System.currentTimeMillis());
  }

  /** The latest activity of every workspace seen since the last drain, removed from here. */
  public Map<String, Instant> drain() {
    Map<String, Instant> out = new HashMap<>();
    for (String ws : last.keySet()) {
      Long at = last.remove(ws);
      if (at != null) {
        out.put(ws, Instant.ofEpochMilli(at));
      }
    }
    return out;
  }
}
