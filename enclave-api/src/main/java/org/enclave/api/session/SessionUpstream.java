package org.enclave.api.session;

import io.vertx.core.net.SocketAddress;
import java.util.Optional;
import org.enclave.infra.workspace.WorkspaceProvider;

/**
 * Where the session proxy reaches a running workspace's Jupyter server: the Unix socket the local
 * provider has checked, or the instance's private address and session port that a networked
 * provider (EC2) knows once the workspace reported ready.
 */
final class SessionUpstream {
  private SessionUpstream() {}

  static Optional<SocketAddress> of(WorkspaceProvider provider, String workspaceId) {
    if (provider.network().isPresent()) {
      return provider
          .network()
          .get()
          .sessionAddress(workspaceId)
          .map(a -> SocketAddress.inetSocketAddress(a.getPort(), a.getAddress().getHostAddress()));
    }
    return provider
        .sessionSocket(workspaceId)
        .map(p -> SocketAddress.domainSocketAddress(p.toString()));
  }
}
