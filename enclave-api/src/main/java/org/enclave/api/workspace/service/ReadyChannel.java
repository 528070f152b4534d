package org.enclave.api.workspace.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.enclave.api.broker.ChannelRequest;
import org.enclave.api.broker.ChannelResponse;
import org.enclave.api.broker.WorkspaceChannel;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.infra.workspace.WorkspaceNetwork;

/**
 * {@code POST /-/ready}: the runtime of a workspace on a network (an EC2 instance) says that its
 * Jupyter server listens on the session port, which is what its start waits for. The broker has
 * authenticated the request with the workspace's credentials and checked that it comes from the
 * workspace's own instance address before it gets here. Local sandboxes have nothing to report: the
 * provider watches their socket itself.
 */
@ApplicationScoped
public class ReadyChannel implements WorkspaceChannel {
  static final String PATH = "/ready";

  @Inject WorkspaceHost host;

  @Override
  public boolean handles(String path) {
    return PATH.equals(path);
  }

  @Override
  public long maxBodyBytes() {
    return 1024;
  }

  @Override
  public ChannelResponse handle(WorkspaceIdentity workspace, ChannelRequest request) {
    if (!"POST".equals(request.method())) {
      return ChannelResponse.problem(405, "MethodNotAllowed", "POST to report readiness");
    }
    return report(host.available().flatMap(p -> p.network()), workspace.workspaceId());
  }

  /** Accepts the report if {@code network}'s provider is starting {@code id} and awaits it. */
  public static ChannelResponse report(Optional<WorkspaceNetwork> network, String id) {
    if (network.isEmpty()) {
      return ChannelResponse.problem(
          404, "NoSuchService", "this control plane's workspaces do not report readiness");
    }
    boolean accepted =
        network.get().privateAddress(id).map(a -> network.get().reportReady(id, a)).orElse(false);
    if (!accepted) {
      return ChannelResponse.problem(
          409,
          "NotStarting",
          "workspace " + id + " is not starting from this address with a redeemed boot token");
    }
    return new ChannelResponse(
        200, "application/json", "{\"ready\":true}".getBytes(StandardCharsets.UTF_8));
  }
}
