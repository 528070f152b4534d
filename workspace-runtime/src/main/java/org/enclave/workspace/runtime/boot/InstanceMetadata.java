package org.enclave.workspace.runtime.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The instance's user data, read from the EC2 instance metadata service with IMDSv2 only: a session
 * token from {@code PUT /latest/api/token}, then {@code GET /latest/user-data} with it. The launch
 * template requires tokens and a hop limit of 1, so nothing but a process on this instance can read
 * it. The endpoint is {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} as the AWS SDKs read it, by default
 * {@value #DEFAULT_ENDPOINT}.
 */
final class InstanceMetadata {
  static final String DEFAULT_ENDPOINT = "http://169.254.169.254";
  static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
  private static final int MAX_USER_DATA = 16 * 1024;

  private final URI endpoint;
  private final HttpClient http;

  InstanceMetadata(URI endpoint, HttpClient http) {
    String e = endpoint.toString();
    this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    this.http = http;
  }

  /**
   * The user data as text.
   *
   * @throws BootException.Retry when the service does not answer yet (early in boot)
   * @throws BootException when it answers with anything but the user data
   */
  String userData() throws InterruptedException {
    String token =
        send(
            HttpRequest.newBuilder(URI.create(endpoint + "/latest/api/token"))
                .timeout(Duration.ofSeconds(2))
                .header(TOKEN_TTL_HEADER, "300")
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            "an IMDSv2 session token");
    return send(
        HttpRequest.newBuilder(URI.create(endpoint + "/latest/user-data"))
            .timeout(Duration.ofSeconds(2))
            .header(TOKEN_HEADER, token)
            .GET()
            .build(),
        "the user data");
  }

  private String send(HttpRequest request, String what) throws InterruptedException {
    HttpResponse<byte[]> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new BootException.Retry(
          "the instance metadata service at " + endpoint + " does not answer yet: " + e);
    }
    if (r.statusCode() >= 500) {
      throw new BootException.Retry(
          "the instance metadata service answered HTTP " + r.statusCode() + " for " + what);
    }
    if (r.statusCode() == 404) {
      throw new BootException(
          "this instance has no user data: it was not launched by the enclave's control plane");
    }
    if (r.statusCode() != 200) {
      throw new BootException(
          "the instance metadata service refused " + what + ": HTTP " + r.statusCode());
    }
    if (r.body().length > MAX_USER_DATA) {
      throw new BootException(what + " is larger than " + MAX_USER_DATA + " bytes");
    }
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
