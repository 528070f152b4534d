package org.enclave.api.broker;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What the broker's network listener needs to know of workspaces that reach it over a network (EC2
 * instances in the workspace VPC) rather than over a Unix socket of their own: where each one is,
 * and the one-time exchange of a boot token for the workspace's environment. Backed by the
 * workspace provider, which learns the addresses from the cloud and keeps them in memory, so that
 * answering costs no remote call.
 */
public interface NetworkWorkspaces {

  /** The private address of the workspace's instance while it starts or runs, else empty. */
  Optional<InetAddress> addressOf(String workspaceId);

  /**
   * The environment of the workspace's current start (its broker credentials, its session token),
   * for the instance at {@code from} presenting the boot token it was launched with; empty if the
   * token is wrong, used, expired, or {@code from} is not the instance's address. Works once.
   */
  Optional<Map<String, String>> redeemBoot(String workspaceId, String bootToken, InetAddress from);
}
