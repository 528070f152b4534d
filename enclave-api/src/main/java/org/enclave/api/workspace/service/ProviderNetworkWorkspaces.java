package org.enclave.api.workspace.service;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.enclave.api.broker.NetworkWorkspaces;
import org.enclave.infra.workspace.WorkspaceNetwork;

/** What the broker's network listener asks of workspaces, answered by the workspace provider. */
public final class ProviderNetworkWorkspaces implements NetworkWorkspaces {
  private final WorkspaceNetwork network;

  public ProviderNetworkWorkspaces(WorkspaceNetwork network) {
    this.network = network;
  }

  @Override
  public Optional<InetAddress> addressOf(String workspaceId) {
    return network.privateAddress(workspaceId);
  }

  @Override
  public Optional<Map<String, String>> redeemBoot(
      String workspaceId, String bootToken, InetAddress from) {
    return network.redeemBoot(workspaceId, bootToken, from);
  }
}
