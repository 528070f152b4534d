package org.enclave.api.broker;

/**
 * What a workspace is given at start to reach the broker: an access key id and secret (valid only
 * on this workspace's endpoint, until it is closed or reopened), the region to sign for, and where
 * the endpoint listens ({@code unix:/path/to.sock} or {@code http://127.0.0.1:port}). The secret
 * never appears in {@link #toString()}.
 */
public record WorkspaceCredentials(
    String workspaceId,
    String accessKeyId,
    String secretAccessKey,
    String region,
    String endpoint) {

  @Override
  public String toString() {
    return "WorkspaceCredentials[workspaceId="
        + workspaceId
        + ", accessKeyId="
        + accessKeyId
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + "]";
  }
}
