package org.enclave.api.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Remote sessions: the Jupyter server in each workspace and the proxy in front of it. */
@ConfigMapping(prefix = "enclave.sessions")
public interface SessionConfig {

  /**
   * Whether workspaces run the Jupyter Notebook server as their main process and the session proxy
   * serves it at {@code /workspaces/<id>/session/}. Off, a workspace runs an idle main process (the
   * data broker still works) and the proxy answers {@code 404}.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * The key-service key from which each run's Jupyter token is derived (never stored): by default
   * the data broker's credential key, under a context of its own.
   */
  @WithDefault("broker-credentials")
  String tokenKeyName();

  /**
   * How long an open session is trusted between checks of the caller's team membership and the
   * workspace's state; sign-out, stop and revocation end it at once regardless.
   */
  @WithDefault("30S")
  Duration recheckInterval();
}
