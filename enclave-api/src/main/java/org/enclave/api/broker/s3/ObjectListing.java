package org.enclave.api.broker.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One page of a bucket listing as S3 computes it: keys in UTF-8 binary order, only those under the
 * prefix, keys with the delimiter after the prefix rolled up into common prefixes (each counted
 * once against {@code maxKeys}), resuming after a start key or a continuation token.
 *
 * @param <T> the listed entries
 */
public final class ObjectListing<T extends ObjectListing.Listed> {
  /** Largest page S3 returns. */
  public static final int MAX_KEYS = 1000;

  /** Something with a key. */
  public interface Listed {
    String key();
  }

  /** One page: objects and common prefixes in key order, and where the next page starts. */
  public record Page<T>(
      List<T> contents, List<String> commonPrefixes, boolean truncated, String nextMarker) {

    /** The opaque token for the next page, or {@code null} on the last page. */
    public String nextContinuationToken() {
      return nextMarker == null ? null : encodeToken(nextMarker);
    }

    public int keyCount() {
      return contents.size() + commonPrefixes.size();
    }
  }

  private ObjectListing() {}

  /**
   * Lists a page of {@code sorted} (entries in UTF-8 binary key order).
   *
   * @param after exclusive start: keys up to and including it are skipped, and if it is a common
   *     prefix (ends with the delimiter) every key under it as well
   */
  public static <T extends Listed> Page<T> page(
      List<T> sorted, String prefix, String delimiter, String after, int maxKeys) {
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    List<T> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    boolean truncated = false;
    for (T entry : sorted) {
      String key = entry.key();
      if (!key.startsWith(p)) {
        continue;
      }
      if (after != null
          && (compare(key, after) <= 0
              || (d != null && after.endsWith(d) && key.startsWith(after)))) {
        continue;
      }
      String rolled = null;
      if (d != null) {
        int at = key.indexOf(d, p.length());
        if (at >= 0) {
          rolled = key.substring(0, at + d.length());
        }
      }
      if (rolled != null && rolled.equals(last)) {
        continue;
      }
      if (contents.size() + prefixes.size() >= maxKeys) {
        truncated = true;
        break;
      }
      if (rolled != null) {
        prefixes.add(rolled);
        last = rolled;
      } else {
        contents.add(entry);
        last = key;
      }
    }
    return new Page<>(contents, prefixes, truncated, truncated ? last : null);
  }

  /** Orders keys as S3 does: by their UTF-8 bytes, unsigned. */
  public static int compare(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static String encodeToken(String marker) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("k:" + marker).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The marker a continuation token stands for.
   *
   * @throws S3Exception {@code InvalidArgument} if the token was not made here
   */
  public static String decodeToken(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith("k:")) {
        return s.substring(2);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the S3 error
    }
    throw new S3Exception(S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect");
  }
}
