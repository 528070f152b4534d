package org.enclave.workspace.runtime.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the data broker is and how to sign for it, as a workspace's environment says: {@code
 * AWS_ENDPOINT_URL} (or {@code AWS_ENDPOINT_URL_S3}), {@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, optionally {@code AWS_SESSION_TOKEN}, {@code AWS_REGION} (or {@code
 * AWS_DEFAULT_REGION}, else {@code us-east-1}), {@code ENCLAVE_WORKSPACE_ID}, and {@code HOME} (the
 * home directory, whose files alone may be exported).
 */
public record EnclaveEnvironment(
    URI endpoint,
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    String region,
    String workspaceId,
    java.nio.file.Path home) {

  public static final String DEFAULT_REGION = "us-east-1";

  /** Reads the process environment. */
  public static EnclaveEnvironment fromSystem() {
    return from(System.getenv());
  }

  /**
   * Reads the given environment.
   *
   * @throws EnclaveException naming every missing variable
   */
  public static EnclaveEnvironment from(Map<String, String> env) {
    String endpoint = first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
    String key = first(env, "AWS_ACCESS_KEY_ID");
    String secret = first(env, "AWS_SECRET_ACCESS_KEY");
    List<String> missing = new ArrayList<>();
    if (endpoint == null) {
      missing.add("AWS_ENDPOINT_URL");
    }
    if (key == null) {
      missing.add("AWS_ACCESS_KEY_ID");
    }
    if (secret == null) {
      missing.add("AWS_SECRET_ACCESS_KEY");
    }
    if (!missing.isEmpty()) {
      throw new EnclaveException(
          String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set: the enclave client reads data through the data broker, which a"
              + " workspace's environment names");
    }
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new EnclaveException("AWS_ENDPOINT_URL is not a URL: " + endpoint);
    }
    if (uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new EnclaveException("AWS_ENDPOINT_URL is not an http(s) URL with a host: " + endpoint);
    }
    String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION");
    return new EnclaveEnvironment(
        uri,
        key,
        secret,
        first(env, "AWS_SESSION_TOKEN"),
        region == null ? DEFAULT_REGION : region,
        first(env, "ENCLAVE_WORKSPACE_ID"),
        java.nio.file.Path.of(
            first(env, "HOME") == null ? System.getProperty("user.home") : first(env, "HOME")));
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "EnclaveEnvironment[endpoint="
        + endpoint
        + ", accessKeyId="
        + accessKeyId
        + ", region="
        + region
        + ", workspaceId="
        + workspaceId
        + "]";
  }
}
