package org.enclave.api.broker.s3;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SigV4 parameters of a request, parsed from the {@code Authorization} header or from the
 * presigned query, with the S3 error for each way they can be malformed.
 */
final class SigV4Authorization {
  static final Pattern PAYLOAD_HASH =
      Pattern.compile("[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+");
  static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

  static final class Parts {
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

  static Parts fromHeader(String authorization, SignedRequest req) {
    String a = authorization.trim();
    if (!a.startsWith(SigV4Verifier.ALGORITHM + " ")) {
      throw unsupportedMechanism();
    }
    Parts p = new Parts();
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String component : a.substring(SigV4Verifier.ALGORITHM.length() + 1).split(",")) {
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

  static Parts fromQuery(List<Map.Entry<String, String>> query) {
    Parts p = new Parts();
    String algorithm = single(query, "X-Amz-Algorithm");
    if (!SigV4Verifier.ALGORITHM.equals(algorithm)) {
      throw queryError("X-Amz-Algorithm only supports \"" + SigV4Verifier.ALGORITHM + "\"");
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
    if (p.expiresSeconds > SigV4Verifier.MAX_PRESIGN_SECONDS) {
      throw queryError(
          "X-Amz-Expires must be less than a week (in seconds) that is "
              + SigV4Verifier.MAX_PRESIGN_SECONDS);
    }
    p.payloadHash = SigV4Verifier.UNSIGNED_PAYLOAD;
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

  static S3Exception malformedHeader(String detail) {
    return new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED, detail);
  }

  static S3Exception queryError(String detail) {
    return new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, detail);
  }

  static S3Exception unsupportedMechanism() {
    return new S3Exception(
        S3Error.INVALID_REQUEST,
        "The authorization mechanism you have provided is not supported. Please use "
            + SigV4Verifier.ALGORITHM
            + ".");
  }

  private SigV4Authorization() {}
}
