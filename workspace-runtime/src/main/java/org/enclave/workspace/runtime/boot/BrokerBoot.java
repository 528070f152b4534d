package org.enclave.workspace.runtime.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.enclave.workspace.runtime.client.EnclaveEnvironment;
import org.enclave.workspace.runtime.client.JsonValues;
import org.enclave.workspace.runtime.client.s3.SigV4Signer;

/**
 * The two calls a workspace on a network makes to its broker while it boots: {@code POST
 * /-/bootstrap} trades the user data's one-time token for the workspace's environment, and {@code
 * POST /-/ready}, signed with the credentials that environment holds, says Jupyter is serving.
 */
final class BrokerBoot {
  static final String BOOTSTRAP_PATH = "/-/bootstrap";
  static final String READY_PATH = "/-/ready";
  private static final int MAX_ANSWER = 256 * 1024;

  private final URI broker;
  private final HttpClient http;
  private final Clock clock;

  BrokerBoot(URI broker, HttpClient http, Clock clock) {
    String b = broker.toString();
    this.broker = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.http = http;
    this.clock = clock;
  }

  /**
   * The workspace's environment for the boot token.
   *
   * @throws BootException.Retry when the broker cannot be reached or is busy
   * @throws BootException when it refuses the token (used, expired, or from another address): a
   *     token is good once, so the start must be repeated from the console
   */
  Map<String, String> bootstrap(UserData data) throws InterruptedException {
    String body =
        "{\"workspace\":\"" + data.workspace() + "\",\"bootToken\":\"" + data.bootToken() + "\"}";
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(URI.create(broker + BOOTSTRAP_PATH))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            "bootstrap");
    if (r.statusCode() != 200) {
      throw new BootException(
          "the broker refused the boot token: " + problem(r) + "; start the workspace again");
    }
    Map<String, Object> json;
    try {
      json = JsonValues.parseObject(new String(r.body(), StandardCharsets.UTF_8));
    } catch (JsonValues.JsonException e) {
      throw new BootException("the broker's boot answer is not JSON: " + e.getMessage());
    }
    if (!(json.get("environment") instanceof Map<?, ?> env)) {
      throw new BootException("the broker's boot answer has no \"environment\" object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : env.entrySet()) {
      if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String v)) {
        throw new BootException("the broker's boot environment holds a value that is not a string");
      }
      out.put(k, v);
    }
    return out;
  }

  /**
   * Reports that Jupyter serves, signed with the workspace's credentials from {@code environment}.
   *
   * @throws BootException.Retry when the broker cannot be reached or is busy
   * @throws BootException when it refuses the report
   */
  void ready(Map<String, String> environment) throws InterruptedException {
    EnclaveEnvironment env = EnclaveEnvironment.from(environment);
    SigV4Signer signer =
        new SigV4Signer(
            new SigV4Signer.Credentials(
                env.accessKeyId(), env.secretAccessKey(), env.sessionToken()),
            env.region(),
            "s3");
    URI uri = URI.create(broker + READY_PATH);
    Map<String, String> headers =
        signer.sign("POST", uri, Map.of(), SigV4Signer.EMPTY_PAYLOAD_SHA256, clock.instant());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    HttpResponse<byte[]> r = send(b.build(), "ready");
    if (r.statusCode() != 200) {
      throw new BootException("the broker refused the ready report: " + problem(r));
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request, String what) throws InterruptedException {
    HttpResponse<byte[]> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new BootException.Retry(
          "the broker at " + broker + " cannot be reached (" + what + "): " + e);
    }
    if (r.statusCode() == 503 || r.statusCode() == 502 || r.statusCode() == 504) {
      throw new BootException.Retry("the broker is unavailable (" + what + "): " + problem(r));
    }
    if (r.body().length > MAX_ANSWER) {
      throw new BootException("the broker's answer to " + what + " is too large");
    }
    return r;
  }

  /** The problem document's code and detail, or the status line. */
  private static String problem(HttpResponse<byte[]> r) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    try {
      Map<String, Object> p = JsonValues.parseObject(text);
      Object code = p.getOrDefault("code", p.get("title"));
      Object detail = p.get("detail");
      return "HTTP " + r.statusCode() + " " + code + (detail == null ? "" : ": " + detail);
    } catch (JsonValues.JsonException e) {
      return "HTTP " + r.statusCode();
    }
  }
}
