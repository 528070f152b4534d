package org.enclave.api.broker.s3;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What SigV4 verification needs of an HTTP request, exactly as it arrived: the method, the path and
 * query still percent-encoded, and the headers (names compared without case, every value kept).
 */
public record SignedRequest(
    String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

  public SignedRequest {
    TreeMap<String, List<String>> lower = new TreeMap<>();
    headers.forEach(
        (k, v) ->
            lower
                .computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
                .addAll(v));
    lower.replaceAll((k, v) -> List.copyOf(v));
    headers = java.util.Collections.unmodifiableSortedMap(lower);
  }

  /** The first value of a header, or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
