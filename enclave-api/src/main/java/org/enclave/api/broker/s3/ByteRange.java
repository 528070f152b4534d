package org.enclave.api.broker.s3;

import java.util.Optional;

/**
 * One byte range of an object, inclusive at both ends, already fitted to the object's size.
 *
 * <p>{@link #parse} follows RFC 9110 section 14 as S3 does: a header that is not a single valid
 * {@code bytes=} range (a different unit, bad syntax, first after last, or several ranges) is
 * ignored and the whole object is served; a valid range that starts at or past the end, or a suffix
 * of length zero, is unsatisfiable ({@code 416 InvalidRange}); a last position past the end is cut
 * to the end.
 */
public record ByteRange(long first, long last) {
  private static final int MAX_DIGITS = 18;

  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("range must satisfy 0 <= first <= last");
    }
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} header value of a 206 response. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range a {@code Range} header asks of an object of {@code size} bytes.
   *
   * @return empty when the header is absent or is to be ignored (serve the whole object)
   * @throws S3Exception {@code InvalidRange} when the range cannot be satisfied
   */
  public static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return Optional.empty();
    }
    String spec = h.substring(6).trim();
    if (spec.indexOf(',') >= 0) {
      return Optional.empty();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      Long suffix = number(b);
      if (suffix == null) {
        return Optional.empty();
      }
      if (suffix == 0 || size == 0) {
        throw unsatisfiable(header, size);
      }
      return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    Long first = number(a);
    if (first == null) {
      return Optional.empty();
    }
    Long last;
    if (b.isEmpty()) {
      last = Long.MAX_VALUE;
    } else {
      last = number(b);
      if (last == null || last < first) {
        return Optional.empty();
      }
    }
    if (first >= size) {
      throw unsatisfiable(header, size);
    }
    return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
  }

  private static Long number(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Long.parseLong(s);
  }

  private static S3Exception unsatisfiable(String header, long size) {
    return new S3Exception(
        S3Error.INVALID_RANGE,
        "The requested range is not satisfiable",
        "range '" + printable(header) + "' of an object of " + size + " bytes");
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
