package org.enclave.api.broker.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on S3 requests, signed in the {@code Authorization} header or
 * presigned in the query string, as S3 does: the canonical request is rebuilt from the request as
 * received (path decoded once and encoded again by {@code UriEncode}, never double-encoded), the
 * credential scope must name this broker's region and the {@code s3} service, the request time must
 * be within {@link #MAX_SKEW} of the clock (a presigned URL: within its expiry, at most seven
 * days), and signatures are compared in constant time.
 */
public final class SigV4Verifier {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);
  public static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** Looks up the secret of an access key id; empty if this endpoint does not know the key. */
  @FunctionalInterface
  public interface Secrets {
    Optional<String> secretOf(String accessKeyId);
  }

  /** A request whose signature checked out. */
  public record Authenticated(String accessKeyId, boolean presigned, Instant signedAt) {}

  private final String region;
  private final Clock clock;

  public SigV4Verifier(String region, Clock clock) {
    this.region = region;
    this.clock = clock;
  }

  public String region() {
    return region;
  }

  /**
   * Checks the request's signature.
   *
   * @throws S3Exception with the S3 error a client would get from S3 for the same fault
   */
  public Authenticated verify(SignedRequest req, Secrets secrets) {
    String authorization = req.header("authorization");
    List<Map.Entry<String, String>> query = query(req.rawQuery());
    boolean presigned = query.stream().anyMatch(e -> e.getKey().equals("X-Amz-Algorithm"));
    if (authorization != null && presigned) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT,
          "Only one auth mechanism allowed; only the X-Amz-Algorithm"
              + " query parameter or the Authorization header should be specified");
    }
    if (authorization == null && !presigned) {
      if (query.stream().anyMatch(e -> e.getKey().equals("Signature"))) {
        throw SigV4Authorization.unsupportedMechanism();
      }
      throw new S3Exception(
          S3Error.ACCESS_DENIED, "Anonymous access is not allowed", "unsigned request");
    }
    SigV4Authorization.Parts p =
        presigned
            ? SigV4Authorization.fromQuery(query)
            : SigV4Authorization.fromHeader(authorization, req);
    Instant signedAt = parseAmzDate(p.amzDate, presigned);
    checkScope(p, presigned);
    String secret =
        secrets
            .secretOf(p.accessKeyId)
            .orElseThrow(
                () ->
                    new S3Exception(
                        S3Error.INVALID_ACCESS_KEY_ID,
                        S3Error.INVALID_ACCESS_KEY_ID.defaultMessage(),
                        "unknown access key id"));
    checkTime(signedAt, p.expiresSeconds, presigned);
    checkSignedHeaders(req, p.signedHeaders);
    String canonical = canonicalRequest(req, query, p, presigned);
    String scope = p.date + "/" + p.region + "/" + p.service + "/aws4_request";
    String stringToSign =
        ALGORITHM + "\n" + p.amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
    byte[] key = signingKey(secret, p.date, p.region, p.service);
    byte[] expected =
        HexFormat.of().formatHex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
    byte[] given = p.signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new S3Exception(
          S3Error.SIGNATURE_DOES_NOT_MATCH,
          S3Error.SIGNATURE_DOES_NOT_MATCH.defaultMessage(),
          "signature does not match");
    }
    return new Authenticated(p.accessKeyId, presigned, signedAt);
  }

  /** The SigV4 signing key; public so that tests and the documentation can show the chain. */
  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  private void checkScope(SigV4Authorization.Parts p, boolean presigned) {
    String problem = null;
    if (!p.amzDate.startsWith(p.date) || p.date.length() != 8) {
      problem =
          "Invalid credential date \""
              + p.date
              + "\". This date is not the same as X-Amz-Date: \""
              + p.amzDate.substring(0, Math.min(8, p.amzDate.length()))
              + "\".";
    } else if (!p.region.equals(region)) {
      problem = "the region '" + p.region + "' is wrong; expecting '" + region + "'";
    } else if (!p.service.equals("s3")) {
      problem = "the service '" + p.service + "' is wrong; expecting 's3'";
    }
    if (problem != null) {
      throw presigned
          ? SigV4Authorization.queryError(problem)
          : SigV4Authorization.malformedHeader(problem);
    }
  }

  private Instant parseAmzDate(String amzDate, boolean presigned) {
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      if (presigned) {
        throw SigV4Authorization.queryError(
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
      }
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "AWS authentication requires a valid Date or x-amz-date header",
          "unparseable x-amz-date");
    }
  }

  private void checkTime(Instant signedAt, long expiresSeconds, boolean presigned) {
    Instant now = clock.instant();
    if (presigned) {
      if (signedAt.isAfter(now.plus(MAX_SKEW))) {
        throw new S3Exception(
            S3Error.ACCESS_DENIED, "Request is not valid yet", "presigned URL dated in the future");
      }
      if (now.isAfter(signedAt.plusSeconds(expiresSeconds))) {
        throw new S3Exception(
            S3Error.ACCESS_DENIED, "Request has expired", "presigned URL expired");
      }
      return;
    }
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      throw new S3Exception(
          S3Error.REQUEST_TIME_TOO_SKEWED,
          S3Error.REQUEST_TIME_TOO_SKEWED.defaultMessage(),
          "request time " + signedAt + " is more than " + MAX_SKEW.toMinutes() + " minutes off");
    }
  }

  /** Every signed header must be present, {@code host} must be signed, and so every x-amz-*. */
  private static void checkSignedHeaders(SignedRequest req, List<String> signed) {
    if (!signed.contains("host")) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED, "The host header must be signed", "host header not signed");
    }
    for (String h : signed) {
      if (!req.headers().containsKey(h)) {
        throw new S3Exception(
            S3Error.SIGNATURE_DOES_NOT_MATCH,
            S3Error.SIGNATURE_DOES_NOT_MATCH.defaultMessage(),
            "signed header '" + h + "' is absent");
      }
    }
    Set<String> unsigned = new TreeSet<>();
    for (String h : req.headers().keySet()) {
      if (h.startsWith("x-amz-") && !signed.contains(h)) {
        unsigned.add(h);
      }
    }
    if (!unsigned.isEmpty()) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "There were headers present in the request which were not signed",
          "unsigned x-amz headers " + unsigned);
    }
  }

  private static String canonicalRequest(
      SignedRequest req,
      List<Map.Entry<String, String>> query,
      SigV4Authorization.Parts p,
      boolean presigned) {
    StringBuilder b = new StringBuilder(512);
    b.append(req.method()).append('\n');
    b.append(canonicalUri(req.rawPath())).append('\n');
    b.append(canonicalQuery(query, presigned)).append('\n');
    for (String h : p.signedHeaders) {
      b.append(h).append(':').append(canonicalHeaderValue(req.headers().get(h))).append('\n');
    }
    b.append('\n');
    b.append(String.join(";", p.signedHeaders)).append('\n');
    b.append(p.payloadHash);
    return b.toString();
  }

  /**
   * The path as the client encoded it for signing: each segment between literal slashes decoded
   * once and {@code UriEncode}d again (an encoded slash stays {@code %2F}), never double-encoded
   * and never normalized ({@code .} and {@code ..} are part of S3 keys).
   */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    try {
      StringBuilder b = new StringBuilder(rawPath.length() + 16);
      for (String segment : rawPath.split("/", -1)) {
        if (b.length() > 0 || !segment.isEmpty()) {
          b.append('/');
        }
        b.append(AwsEncoding.encode(AwsEncoding.decode(segment), false));
      }
      String out = b.toString();
      return out.startsWith("/") ? out : "/" + out;
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3Error.INVALID_URI);
    }
  }

  static String canonicalQuery(List<Map.Entry<String, String>> query, boolean presigned) {
    List<String[]> pairs = new ArrayList<>(query.size());
    for (Map.Entry<String, String> e : query) {
      if (presigned && e.getKey().equals("X-Amz-Signature")) {
        continue;
      }
      pairs.add(
          new String[] {
            AwsEncoding.encode(e.getKey(), false), AwsEncoding.encode(e.getValue(), false)
          });
    }
    pairs.sort(Comparator.<String[], String>comparing(x -> x[0]).thenComparing(x -> x[1]));
    StringBuilder b = new StringBuilder();
    for (String[] kv : pairs) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(kv[0]).append('=').append(kv[1]);
    }
    return b.toString();
  }

  private static String canonicalHeaderValue(List<String> values) {
    List<String> trimmed = new ArrayList<>(values.size());
    for (String v : values) {
      trimmed.add(WHITESPACE.matcher(v.trim()).replaceAll(" "));
    }
    return String.join(",", trimmed);
  }

  private static List<Map.Entry<String, String>> query(String rawQuery) {
    try {
      return AwsEncoding.parseQuery(rawQuery);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "The query string is not properly encoded", e.getMessage());
    }
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
