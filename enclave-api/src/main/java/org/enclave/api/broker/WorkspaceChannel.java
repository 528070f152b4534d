package org.enclave.api.broker;

/**
 * A control-plane service that a workspace reaches on its own broker endpoint, under {@code /-/}
 * ({@code -} is not a valid S3 bucket name, so these paths never collide with data). The broker
 * authenticates the request with the workspace's credentials (SigV4, the signed payload hash
 * included), spools the body to a local file and checks its SHA-256 against the signed hash, then
 * hands it here with the workspace's identity. Implementations decide and audit everything else.
 */
public interface WorkspaceChannel {

  /** Whether this channel serves the path (decoded, after {@code /-}), e.g. {@code /tasks/x/y}. */
  boolean handles(String path);

  /** The largest body this channel takes; a larger one is refused before it is read. */
  long maxBodyBytes();

  /** Answers an authenticated request; runs on a broker worker thread, never the event loop. */
  ChannelResponse handle(WorkspaceIdentity workspace, ChannelRequest request);
}
