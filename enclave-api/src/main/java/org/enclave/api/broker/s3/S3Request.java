package org.enclave.api.broker.s3;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A path-style S3 request taken apart: bucket and key decoded from the path, query parameters
 * decoded, and the operation it asks for. Everything but the read operations of {@link S3Operation}
 * is refused here, with the error S3 gives: writes ({@code PUT}, {@code POST}, {@code DELETE})
 * {@code AccessDenied}, other methods {@code MethodNotAllowed}, and sub-resources or parameters the
 * broker does not implement ({@code ?acl}, {@code ?versions}, {@code partNumber}, ...) {@code
 * NotImplemented}. Unknown parameters are refused too, rather than silently ignored.
 */
public record S3Request(
    S3Operation operation, String bucket, String key, Map<String, String> params) {

  /** S3's limit on key length, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;

  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]{3,255}");
  private static final Set<String> SIGNING =
      Set.of(
          "X-Amz-Algorithm",
          "X-Amz-Credential",
          "X-Amz-Date",
          "X-Amz-Expires",
          "X-Amz-SignedHeaders",
          "X-Amz-Signature",
          "x-id");
  private static final Set<String> ROOT_PARAMS =
      Set.of("max-buckets", "continuation-token", "prefix", "bucket-region");
  private static final Set<String> LIST_PARAMS =
      Set.of(
          "list-type",
          "prefix",
          "delimiter",
          "max-keys",
          "continuation-token",
          "start-after",
          "fetch-owner",
          "encoding-type",
          "marker");
  private static final Set<String> OBJECT_PARAMS =
      Set.of(
          "response-content-type",
          "response-content-language",
          "response-expires",
          "response-cache-control",
          "response-content-disposition",
          "response-content-encoding");

  public String param(String name) {
    return params.get(name);
  }

  /** The resource named in error bodies, like {@code /bucket/key}. */
  public String resource() {
    if (bucket == null) {
      return "/";
    }
    return key == null ? "/" + bucket : "/" + bucket + "/" + key;
  }

  /**
   * The bucket and key of a raw (still encoded) path; call before authenticating, so that a path
   * that cannot be decoded is a 400.
   */
  public static String[] target(String rawPath) {
    String path;
    try {
      path = AwsEncoding.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI.", "bad path");
    }
    if (!path.startsWith("/")) {
      throw new S3Exception(S3Error.INVALID_URI);
    }
    String rest = path.substring(1);
    if (rest.isEmpty()) {
      return new String[] {null, null};
    }
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
    return new String[] {bucket, key};
  }

  /** Classifies an authenticated request, refusing whatever is not a supported read. */
  public static S3Request of(
      String method, String bucket, String key, List<Map.Entry<String, String>> query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : query) {
      params.putIfAbsent(e.getKey(), e.getValue());
    }
    if (bucket != null && !BUCKET.matcher(bucket).matches()) {
      throw new S3Exception(S3Error.INVALID_BUCKET_NAME);
    }
    if (key != null && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new S3Exception(S3Error.KEY_TOO_LONG);
    }
    switch (method) {
      case "GET", "HEAD" -> {}
      case "PUT", "POST", "DELETE" ->
          throw new S3Exception(
              S3Error.ACCESS_DENIED,
              "The data broker is read-only",
              "write refused: " + method + " " + describe(bucket, key, params));
      default ->
          throw new S3Exception(
              S3Error.METHOD_NOT_ALLOWED,
              S3Error.METHOD_NOT_ALLOWED.defaultMessage(),
              "method " + method + " refused");
    }
    boolean head = method.equals("HEAD");
    S3Operation op;
    if (bucket == null) {
      requireOnly(params, ROOT_PARAMS);
      if (head) {
        throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
      }
      op = S3Operation.LIST_BUCKETS;
    } else if (key == null) {
      if (params.containsKey("location") && !head) {
        requireOnly(params, Set.of("location"));
        op = S3Operation.GET_BUCKET_LOCATION;
      } else if (head) {
        requireOnly(params, Set.of());
        op = S3Operation.HEAD_BUCKET;
      } else {
        requireOnly(params, LIST_PARAMS);
        String listType = params.get("list-type");
        if (listType == null) {
          op = S3Operation.LIST_OBJECTS_V1;
        } else if (listType.equals("2")) {
          op = S3Operation.LIST_OBJECTS_V2;
        } else {
          throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid list type: " + listType);
        }
      }
    } else {
      requireOnly(params, OBJECT_PARAMS);
      op = head ? S3Operation.HEAD_OBJECT : S3Operation.GET_OBJECT;
    }
    return new S3Request(op, bucket, key, Map.copyOf(params));
  }

  private static void requireOnly(Map<String, String> params, Set<String> allowed) {
    for (String name : params.keySet()) {
      if (!allowed.contains(name) && !SIGNING.contains(name)) {
        throw new S3Exception(
            S3Error.NOT_IMPLEMENTED,
            S3Error.NOT_IMPLEMENTED.defaultMessage(),
            "unsupported query parameter '" + printable(name) + "'");
      }
    }
  }

  private static String describe(String bucket, String key, Map<String, String> params) {
    String sub =
        params.keySet().stream()
            .filter(n -> !SIGNING.contains(n))
            .map(S3Request::printable)
            .sorted()
            .reduce((a, b) -> a + "&" + b)
            .map(s -> "?" + s)
            .orElse("");
    String where = bucket == null ? "/" : "/" + bucket + (key == null ? "" : "/" + key);
    return printable(where) + sub;
  }

  private static String printable(String s) {
    String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
