package org.enclave.api.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * An authenticated request on a workspace's channel.
 *
 * @param method the HTTP method
 * @param path the decoded path after {@code /-}, e.g. {@code /tasks/clpsych/submissions}
 * @param params the decoded query parameters (the first value of each name)
 * @param body the request body in a local file that the broker deletes after the answer; its
 *     SHA-256 is the signed payload hash
 * @param size the body's length in bytes
 * @param sha256 the body's hex SHA-256
 * @param requestId the broker's request id, also in its answer's {@code x-amz-request-id}
 */
public record ChannelRequest(
    String method,
    String path,
    Map<String, String> params,
    Path body,
    long size,
    String sha256,
    String requestId) {

  public ChannelRequest {
    params = Map.copyOf(params);
  }

  public String param(String name) {
    return params.get(name);
  }
}
