package org.enclave.infra.aws.ec2;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The instance's user data: {@code {"workspace":"<id>","broker":"<url>","bootToken":"<token>"}} and
 * nothing else. The boot token is the only secret, and it is good for one redemption.
 */
final class UserData {

  private UserData() {}

  /** The JSON document. Workspace ids and tokens are {@code [A-Za-z0-9_-]}: nothing to escape. */
  static String json(String workspaceId, URI broker, String bootToken) {
    return "{\"workspace\":\""
        + workspaceId
        + "\",\"broker\":\""
        + escape(broker.toString())
        + "\",\"bootToken\":\""
        + bootToken
        + "\"}";
  }

  /** The document base64-encoded, as {@code RunInstances} takes it. */
  static String base64(String workspaceId, URI broker, String bootToken) {
    return Base64.getEncoder()
        .encodeToString(json(workspaceId, broker, bootToken).getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
