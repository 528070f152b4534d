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
  private static final Pattern PAYLOAD_HASH =
      Pattern.compile("[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+");
  private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
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
        throw unsupportedMechanism();
      }
      throw new S3Exception(
          S3Error.ACCESS_DENIED, "Anonymous access is not allowed", "unsigned request");
    }
    Parts p = presigned ? fromQuery(query) : fromHeader(authorization, req);
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

  private static final class Parts {
    String accessKeyId;
    String date;
    String region;
    String service;
    String amzDate;
    List<String> signedHeaders;
    String signature;
    String payloadHash;
    long expiresSeconds = -1;
  }

  private Parts fromHeader(String authorization, SignedRequest req) {
    String a = authorization.trim();
    if (!a.startsWith(ALGORITHM + " ")) {
      throw unsupportedMechanism();
    }
    Parts p = new Parts();
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String component : a.substring(ALGORITHM.length() + 1).split(",")) {
      String c = component.trim();
      int eq = c.indexOf('=');
      if (eq <= 0) {
        throw malformedHeader("the authorization header is malformed");
      }
      String name = c.substring(0, eq);
      String value = c.substring(eq + 1);
      switch (name) {
        case "Credential" -> credential = value;
        case "SignedHeaders" -> signedHeaders = value;
        case "Signature" -> signature = value;
        default -> throw malformedHeader("unknown component '" + name + "'");
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw malformedHeader(
          "the authorization header needs Credential, SignedHeaders and Signature");
    }
    credential(p, credential, false);
    p.signedHeaders = signedHeaderList(signedHeaders, false);
    p.signature = signature;
    p.amzDate = req.header("x-amz-date");
    if (p.amzDate == null) {
      throw new S3Exception(
          S3Error.ACCESS_DENIED,
          "AWS authentication requires a valid Date or x-amz-date header",
          "no x-amz-date header");
    }
    if (!p.signedHeaders.contains("x-amz-date")) {
      throw malformedHeader("x-amz-date must be a signed header");
    }
    String payload = req.header("x-amz-content-sha256");
    if (payload == null) {
      throw new S3Exception(
          S3Error.INVALID_REQUEST,
          "Missing required header for this request: x-amz-content-sha256");
    }
    if (!PAYLOAD_HASH.matcher(payload).matches()) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT,
          "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-..., or a valid sha256 value.");
    }
    p.payloadHash = payload;
    return p;
  }

  private Parts fromQuery(List<Map.Entry<String, String>> query) {
    Parts p = new Parts();
    String algorithm = single(query, "X-Amz-Algorithm");
    if (!ALGORITHM.equals(algorithm)) {
      throw queryError("X-Amz-Algorithm only supports \"" + ALGORITHM + "\"");
    }
    String credential = single(query, "X-Amz-Credential");
    String date = single(query, "X-Amz-Date");
    String expires = single(query, "X-Amz-Expires");
    String signedHeaders = single(query, "X-Amz-SignedHeaders");
    String signature = single(query, "X-Amz-Signature");
    if (credential == null
        || date == null
        || expires == null
        || signedHeaders == null
        || signature == null) {
      throw queryError(
          "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
              + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }
    credential(p, credential, true);
    p.amzDate = date;
    p.signedHeaders = signedHeaderList(signedHeaders, true);
    p.signature = signature;
    if (!expires.matches("[0-9]{1,7}")) {
      throw queryError("X-Amz-Expires should be a number");
    }
    p.expiresSeconds = Long.parseLong(expires);
    if (p.expiresSeconds < 1) {
      throw queryError("X-Amz-Expires must be non-negative");
    }
    if (p.expiresSeconds > MAX_PRESIGN_SECONDS) {
      throw queryError(
          "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_PRESIGN_SECONDS);
    }
    p.payloadHash = UNSIGNED_PAYLOAD;
    return p;
  }

  private static void credential(Parts p, String credential, boolean presigned) {
    String[] s = credential.split("/", -1);
    if (s.length != 5 || s[0].isEmpty() || !s[4].equals("aws4_request")) {
      String msg =
          "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";
      throw presigned ? queryError(msg) : malformedHeader(msg);
    }
    p.accessKeyId = s[0];
    p.date = s[1];
    p.region = s[2];
    p.service = s[3];
  }

  private void checkScope(Parts p, boolean presigned) {
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
      throw presigned ? queryError(problem) : malformedHeader(problem);
    }
  }

  private Instant parseAmzDate(String amzDate, boolean presigned) {
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      if (presigned) {
        throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
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
      SignedRequest req, List<Map.Entry<String, String>> query, Parts p, boolean presigned) {
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

  private static List<String> signedHeaderList(String value, boolean presigned) {
    List<String> names = List.of(value.split(";", -1));
    String previous = "";
    for (String n : names) {
      if (!HEADER_NAME.matcher(n).matches() || n.compareTo(previous) <= 0) {
        String msg = "SignedHeaders must be lower-case header names, sorted, separated by ';'";
        throw presigned ? queryError(msg) : malformedHeader(msg);
      }
      previous = n;
    }
    return names;
  }

  private static List<Map.Entry<String, String>> query(String rawQuery) {
    try {
      return AwsEncoding.parseQuery(rawQuery);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "The query string is not properly encoded", e.getMessage());
    }
  }

  private static String single(List<Map.Entry<String, String>> query, String name) {
    String found = null;
    for (Map.Entry<String, String> e : query) {
      if (e.getKey().equals(name)) {
        if (found != null) {
          throw queryError("Parameter " + name + " is given more than once");
        }
        found = e.getValue();
      }
    }
    return found;
  }

  private static S3Exception malformedHeader(String detail) {
    return new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED, detail);
  }

  private static S3Exception queryError(String detail) {
    return new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, detail);
  }

  private static S3Exception unsupportedMechanism() {
    return new S3Exception(
        S3Error.INVALID_REQUEST,
        "The authorization mechanism you have provided is not supported. Please use "
            + ALGORITHM
            + ".");
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
