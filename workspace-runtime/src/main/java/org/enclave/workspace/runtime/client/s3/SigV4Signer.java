package org.enclave.workspace.runtime.client.s3;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for requests sent with an {@code Authorization} header, with S3's rules:
 * the path is canonicalized by decoding each segment once and encoding it again, never normalized
 * (a {@code .} or {@code ..} segment is part of an S3 key) and never double-encoded.
 *
 * <p>The URI given is the one that is sent: the signer derives the canonical path, query and {@code
 * host} from it, so what is signed is what goes on the wire.
 */
public final class SigV4Signer {
  /** SHA-256 of the empty string: the payload hash of a GET or HEAD without a body. */
  public static final String EMPTY_PAYLOAD_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** The payload hash S3 accepts when the body is not signed. */
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Credentials credentials;
  private final String region;
  private final String service;

  /** Access key id and secret; the session token is optional (temporary credentials). */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    public Credentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "Credentials[accessKeyId=" + accessKeyId + ", secret hidden]";
    }
  }

  public SigV4Signer(Credentials credentials, String region, String service) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
  }

  /**
   * Signs a request.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param uri the URI as sent; its raw path and raw query are canonicalized
   * @param headers other headers to send and sign (e.g. {@code Range}); {@code host} is added
   * @param payloadHash hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
   * @param time the request time
   * @return the headers to send: the given ones, {@code x-amz-date}, {@code x-amz-content-sha256}
   *     (for S3), the session token if there is one, and {@code Authorization}
   */
  public Map<String, String> sign(
      String method, URI uri, Map<String, String> headers, String payloadHash, Instant time) {
    String amzDate = AMZ_DATE.format(time);
    String date = amzDate.substring(0, 8);

    Map<String, String> toSend = new LinkedHashMap<>(headers);
    toSend.put("x-amz-date", amzDate);
    if (service.equals("s3")) {
      toSend.put("x-amz-content-sha256", payloadHash); // S3 requires it; other services do not
    }
    if (credentials.sessionToken() != null) {
      toSend.put("x-amz-security-token", credentials.sessionToken());
    }

    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    canonicalHeaders.put("host", hostHeader(uri));
    for (Map.Entry<String, String> h : toSend.entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      String value = normalizeHeaderValue(h.getValue());
      canonicalHeaders.merge(name, value, (a, b) -> a + "," + b);
    }
    String signedHeaders = String.join(";", canonicalHeaders.keySet());

    StringBuilder canonical = new StringBuilder();
    canonical.append(method.toUpperCase(Locale.ROOT)).append('\n');
    canonical.append(canonicalPath(uri.getRawPath())).append('\n');
    canonical.append(canonicalQuery(uri.getRawQuery())).append('\n');
    canonicalHeaders.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);

    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.toString());
    String signature = HexFormat.of().formatHex(hmac(signingKey(date), stringToSign));

    toSend.put(
        "Authorization",
        ALGORITHM
            + " Credential="
            + credentials.accessKeyId()
            + "/"
            + scope
            + ",SignedHeaders="
            + signedHeaders
            + ",Signature="
            + signature);
    return toSend;
  }

  /** The {@code host} header as an HTTP client sends it: the port only when not the default. */
  static String hostHeader(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + uri);
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
            || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
    return defaultPort ? host : host + ":" + port;
  }

  /** Each segment between slashes decoded once and encoded again; an empty path is {@code /}. */
  static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(rawPath.length());
    int start = 0;
    while (true) {
      int slash = rawPath.indexOf('/', start);
      String segment = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
      out.append(UriEncoding.encode(UriEncoding.decode(segment)));
      if (slash < 0) {
        break;
      }
      out.append('/');
      start = slash + 1;
    }
    return out.toString();
  }

  /** Parameters decoded and encoded again, sorted by name then value; {@code a} is {@code a=}. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      params.add(
          new String[] {
            UriEncoding.encode(UriEncoding.decode(name)),
            UriEncoding.encode(UriEncoding.decode(value))
          });
    }
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : params) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** Leading and trailing blanks removed, inner runs of blanks made one space. */
  static String normalizeHeaderValue(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  private byte[] signingKey(String date) {
    byte[] key = ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
    key = hmac(key, date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static String sha256Hex(String data) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
