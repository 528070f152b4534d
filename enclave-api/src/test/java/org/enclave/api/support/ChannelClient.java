package org.enclave.api.support;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.enclave.api.broker.WorkspaceCredentials;

/**
 * Sends a submission to a workspace's broker endpoint the way a workspace client does: {@code POST
 * /-/tasks/{task}/submissions}, signed with SigV4 over the real payload hash.
 */
public final class ChannelClient {
  private static final DateTimeFormatter AMZ =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public record Answer(int status, String contentType, String body) {
    public JsonPath json() {
      return JsonPath.from(body);
    }
  }

  private final WorkspaceCredentials credentials;

  public ChannelClient(WorkspaceCredentials credentials) {
    this.credentials = credentials;
  }

  public Answer submit(String task, String format, String name, byte[] body) {
    return send(task, format, name, body, sha256(body));
  }

  /** Signs {@code payloadHash} whatever the body is (to test the broker's check). */
  public Answer send(String task, String format, String name, byte[] body, String payloadHash) {
    Map<String, String> params = new TreeMap<>();
    if (format != null) {
      params.put("format", format);
    }
    if (name != null) {
      params.put("name", name);
    }
    return call("POST", "/-/tasks/" + enc(task) + "/submissions", params, body, payloadHash);
  }

  /** Any request to a {@code /-/} service, signed over the body's real SHA-256. */
  public Answer call(String method, String path, Map<String, String> params, byte[] body) {
    return call(method, path, params, body, sha256(body));
  }

  /** Any request to a {@code /-/} service, signed over {@code payloadHash}. */
  public Answer call(
      String method, String path, Map<String, String> params, byte[] body, String payloadHash) {
    StringBuilder query = new StringBuilder();
    new TreeMap<>(params)
        .forEach(
            (k, v) -> {
              if (query.length() > 0) {
                query.append('&');
              }
              query.append(enc(k)).append('=').append(enc(v));
            });
    URI uri = URI.create(credentials.endpoint() + path + (query.length() > 0 ? "?" + query : ""));
    Map<String, String> headers = sign(method, uri, path, query.toString(), payloadHash);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> sign(
      String method, URI uri, String path, String query, String payloadHash) {
    Instant now = Instant.now();
    String amzDate = AMZ.format(now);
    String date = amzDate.substring(0, 8);
    String host = uri.getHost() + ":" + uri.getPort();
    String canonicalHeaders =
        "host:" + host + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + amzDate + "\n";
    String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
    String canonical =
        method
            + "\n"
            + path
            + "\n"
            + query
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + payloadHash;
    String scope = date + "/" + credentials.region() + "/s3/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + sha256(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key =
        hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, credentials.region());
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, toSign));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-date", amzDate);
    h.put("x-amz-content-sha256", payloadHash);
    h.put(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential="
            + credentials.accessKeyId()
            + "/"
            + scope
            + ",SignedHeaders="
            + signedHeaders
            + ",Signature="
            + signature);
    return h;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
