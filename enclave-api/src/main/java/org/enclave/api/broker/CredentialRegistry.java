package org.enclave.api.broker;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Exception;

/**
 * The access keys that are valid now, each bound to one workspace. A key presented on another
 * workspace's endpoint is unknown there: the request is refused as {@code InvalidAccessKeyId}, and
 * its audit record says whose key it was.
 */
@ApplicationScoped
public class CredentialRegistry {
  private record Binding(String workspaceId, String secret) {}

  private final Map<String, Binding> byAccessKey = new ConcurrentHashMap<>();

  void bind(String accessKeyId, String workspaceId, String secret) {
    byAccessKey.put(accessKeyId, new Binding(workspaceId, secret));
  }

  /** The key stops working at once, for requests not yet authenticated. */
  void revoke(String accessKeyId) {
    byAccessKey.remove(accessKeyId);
  }

  /** The secret of a key presented on {@code workspace}'s endpoint, if it is that workspace's. */
  public Optional<String> secretFor(WorkspaceIdentity workspace, String accessKeyId) {
    Binding b = byAccessKey.get(accessKeyId);
    if (b == null) {
      return Optional.empty();
    }
    if (!b.workspaceId().equals(workspace.workspaceId())) {
      throw new S3Exception(
          S3Error.INVALID_ACCESS_KEY_ID,
          S3Error.INVALID_ACCESS_KEY_ID.defaultMessage(),
          "access key of workspace "
              + b.workspaceId()
              + " presented on the endpoint of workspace "
              + workspace.workspaceId());
    }
    return Optional.of(b.secret());
  }
}
