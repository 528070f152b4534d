package org.enclave.workspace.runtime.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.enclave.workspace.runtime.client.s3.SigV4Signer;

/**
 * The control plane's services on the workspace's broker endpoint ({@code /-/...}): requests signed
 * with SigV4 over the body's real SHA-256 (the broker checks it before the service sees the body),
 * answers read as JSON objects. Shared-task submissions and exports go through it.
 */
public final class BrokerChannel {
  private static final int MAX_ANSWER = 4 * 1024 * 1024;

  /** A service's answer: the HTTP status and the JSON object it sent (a problem on refusal). */
  public record Answer(int status, Map<String, Object> json) {
    /** The problem's {@code code} and {@code detail}, for a message. */
    public String problem() {
      Object code = json.getOrDefault("code", "HTTP " + status);
      Object detail = json.get("detail");
      return detail == null ? String.valueOf(code) : code + ": " + detail;
    }
  }

  private final URI endpoint;
  private final SigV4Signer signer;
  private final HttpClient http;
  private final Clock clock;

  public BrokerChannel(URI endpoint, SigV4Signer signer, HttpClient http, Clock clock) {
    String e = endpoint.toString();
    this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    this.signer = signer;
    this.http = http;
    this.clock = clock;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Sends {@code file} as the body; {@code sha256} is its hash, computed before. */
  public Answer send(
      String method, String pathAndQuery, Path file, String sha256, Duration timeout) {
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (java.io.FileNotFoundException e) {
      throw new EnclaveException("no such file: " + file);
    }
    return send(method, pathAndQuery, body, sha256, "application/octet-stream", timeout);
  }

  /** Sends {@code json} (UTF-8) as the body. */
  public Answer send(String method, String pathAndQuery, String json, Duration timeout) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return send(
        method,
        pathAndQuery,
        HttpRequest.BodyPublishers.ofByteArray(bytes),
        sha256(bytes),
        "application/json",
        timeout);
  }

  private Answer send(
      String method,
      String pathAndQuery,
      HttpRequest.BodyPublisher body,
      String sha256,
      String contentType,
      Duration timeout) {
    URI uri = URI.create(endpoint + pathAndQuery);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    Map<String, String> signed = signer.sign(method, uri, headers, sha256, clock.instant());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
    signed.forEach(b::header);
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new EnclaveException(
          "the control plane could not be reached through " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnclaveException("interrupted while waiting for the control plane", e);
    }
    String text;
    try (InputStream in = r.body()) {
      text = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EnclaveException("the control plane's answer could not be read: " + e, e);
    }
    try {
      return new Answer(r.statusCode(), text.isBlank() ? Map.of() : JsonValues.parseObject(text));
    } catch (JsonValues.JsonException e) {
      String code = r.headers().firstValue("x-enclave-error-code").orElse("HTTP " + r.statusCode());
      String why = r.headers().firstValue("x-enclave-error-message").orElse(e.getMessage());
      throw new EnclaveException(code + ": " + why);
    }
  }

  /** The hex SHA-256 of a file, read once. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new EnclaveException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
