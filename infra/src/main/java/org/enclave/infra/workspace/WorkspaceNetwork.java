package org.enclave.infra.workspace;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * The capability of a provider whose workspaces reach the control plane over a network (EC2
 * instances in the workspace VPC) rather than over Unix sockets of their own. The control plane's
 * broker serves a workspace's key only from {@link #privateAddress}, and hands the workspace its
 * environment once, for the boot token of its user data.
 */
public interface WorkspaceNetwork {

  /**
   * The private address of the workspace's instance while it starts or runs; empty otherwise. Kept
   * in memory from the provider's last look at the cloud: no remote call per request.
   */
  Optional<InetAddress> privateAddress(String workspaceId);

  /** Where the workspace's Jupyter server listens, once it reported ready. */
  Optional<InetSocketAddress> sessionAddress(String workspaceId);

  /**
   * The environment of the workspace's current start, for the instance at {@code from} presenting
   * the boot token it was launched with: only once, only before the start times out, and only from
   * the instance's own address; otherwise empty, whichever check failed.
   */
  Optional<Map<String, String>> redeemBoot(String workspaceId, String bootToken, InetAddress from);

  /**
   * The workspace's runtime (already authenticated by the broker) says its Jupyter server listens;
   * accepted only from the instance's address after its boot token was redeemed.
   */
  boolean reportReady(String workspaceId, InetAddress from);
}
