package org.enclave.workspace.runtime.client.tasks;

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
import java.util.Locale;
import java.util.Map;
import org.enclave.workspace.runtime.client.EnclaveException;
import org.enclave.workspace.runtime.client.JsonValues;
import org.enclave.workspace.runtime.client.s3.SigV4Signer;
import org.enclave.workspace.runtime.client.s3.UriEncoding;

/**
 * Submits predictions to a shared task through the workspace's broker endpoint: {@code POST
 * /-/tasks/{task}/submissions?format=...&name=...} with the file as the body, signed with SigV4
 * over the file's real SHA-256 (the broker checks it). The file goes to the control plane inside
 * the enclave and nowhere else.
 */
public final class SubmissionClient {
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(10);
  private static final int MAX_ANSWER = 4 * 1024 * 1024;

  private final URI endpoint;
  private final SigV4Signer signer;
  private final HttpClient http;
  private final Clock clock;

  public SubmissionClient(URI endpoint, SigV4Signer signer, HttpClient http, Clock clock) {
    String e = endpoint.toString();
    this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    this.signer = signer;
    this.http = http;
    this.clock = clock;
  }

  /**
   * Sends {@code file} as a submission to {@code task} (its name or id).
   *
   * @param format {@code tsv} or {@code json}; {@code null} guesses from the file name
   */
  public SubmissionResult submit(String task, Path file, String format) {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("name the task, e.g. clpsych-demo");
    }
    if (!Files.isRegularFile(file)) {
      throw new EnclaveException("no such file: " + file);
    }
    String fmt = format == null ? guessFormat(file) : format.toLowerCase(Locale.ROOT);
    String name = file.getFileName().toString();
    URI uri =
        URI.create(
            endpoint
                + "/-/tasks/"
                + UriEncoding.encode(task)
                + "/submissions?format="
                + UriEncoding.encode(fmt)
                + "&name="
                + UriEncoding.encode(name));
    String hash = sha256(file);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    Map<String, String> signed = signer.sign("POST", uri, headers, hash, clock.instant());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT);
    try {
      b.POST(HttpRequest.BodyPublishers.ofFile(file));
    } catch (java.io.FileNotFoundException e) {
      throw new EnclaveException("no such file: " + file);
    }
    signed.forEach(b::header);
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new EnclaveException(
          "the control plane could not be reached through " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnclaveException("interrupted while submitting", e);
    }
    String body;
    try (InputStream in = r.body()) {
      body = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EnclaveException("the answer to the submission could not be read: " + e, e);
    }
    Map<String, Object> json;
    try {
      json = body.isBlank() ? Map.of() : JsonValues.parseObject(body);
    } catch (JsonValues.JsonException e) {
      String code = r.headers().firstValue("x-enclave-error-code").orElse("HTTP " + r.statusCode());
      String why = r.headers().firstValue("x-enclave-error-message").orElse(e.getMessage());
      throw new EnclaveException("submission failed: " + code + ": " + why);
    }
    return new SubmissionResult(r.statusCode(), json);
  }

  static String guessFormat(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? "json" : "tsv";
  }

  private static String sha256(Path file) {
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
}
