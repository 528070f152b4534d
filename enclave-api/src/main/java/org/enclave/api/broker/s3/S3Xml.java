package org.enclave.api.broker.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The XML bodies of S3 responses, written directly (no reflection, no external entities). */
public final class S3Xml {
  public static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private S3Xml() {}

  /** A bucket as ListBuckets shows it. */
  public record Bucket(String name, Instant created) {}

  /** An object as a listing shows it. */
  public record Entry(String key, long size, String etag, Instant lastModified)
      implements ObjectListing.Listed {}

  public static String error(
      S3Error error, String message, String resource, String requestId, String bucket, String key) {
    StringBuilder b = new StringBuilder(HEAD).append("<Error>");
    el(b, "Code", error.code());
    el(b, "Message", message);
    if (bucket != null) {
      el(b, "BucketName", bucket);
    }
    if (key != null) {
      el(b, "Key", key);
    }
    el(b, "Resource", resource);
    el(b, "RequestId", requestId);
    return b.append("</Error>").toString();
  }

  public static String listBuckets(String ownerId, String ownerName, List<Bucket> buckets) {
    StringBuilder b = new StringBuilder(HEAD);
    b.append("<ListAllMyBucketsResult xmlns=\"").append(NS).append("\">");
    b.append("<Owner>");
    el(b, "ID", ownerId);
    el(b, "DisplayName", ownerName);
    b.append("</Owner><Buckets>");
    for (Bucket x : buckets) {
      b.append("<Bucket>");
      el(b, "Name", x.name());
      el(b, "CreationDate", iso(x.created()));
      b.append("</Bucket>");
    }
    return b.append("</Buckets></ListAllMyBucketsResult>").toString();
  }

  public static String location(String region) {
    StringBuilder b = new StringBuilder(HEAD);
    b.append("<LocationConstraint xmlns=\"").append(NS).append("\">");
    if (!region.equals("us-east-1")) {
      b.append(escape(region));
    }
    return b.append("</LocationConstraint>").toString();
  }

  /** What a listing request asked for, echoed in the result. */
  public record ListQuery(
      String bucket,
      String prefix,
      String delimiter,
      int maxKeys,
      boolean urlEncoding,
      String continuationToken,
      String startAfter,
      String marker) {}

  public static String listObjectsV2(ListQuery q, ObjectListing.Page<Entry> page) {
    StringBuilder b = new StringBuilder(HEAD);
    b.append("<ListBucketResult xmlns=\"").append(NS).append("\">");
    el(b, "Name", q.bucket());
    el(b, "Prefix", key(q, q.prefix()));
    if (q.delimiter() != null) {
      el(b, "Delimiter", key(q, q.delimiter()));
    }
    el(b, "MaxKeys", Integer.toString(q.maxKeys()));
    if (q.urlEncoding()) {
      el(b, "EncodingType", "url");
    }
    el(b, "KeyCount", Integer.toString(page.keyCount()));
    el(b, "IsTruncated", Boolean.toString(page.truncated()));
    if (q.continuationToken() != null) {
      el(b, "ContinuationToken", q.continuationToken());
    }
    if (page.truncated()) {
      el(b, "NextContinuationToken", page.nextContinuationToken());
    }
    if (q.startAfter() != null) {
      el(b, "StartAfter", key(q, q.startAfter()));
    }
    contents(b, q, page);
    return b.append("</ListBucketResult>").toString();
  }

  public static String listObjectsV1(ListQuery q, ObjectListing.Page<Entry> page) {
    StringBuilder b = new StringBuilder(HEAD);
    b.append("<ListBucketResult xmlns=\"").append(NS).append("\">");
    el(b, "Name", q.bucket());
    el(b, "Prefix", key(q, q.prefix()));
    el(b, "Marker", key(q, q.marker() == null ? "" : q.marker()));
    if (q.delimiter() != null) {
      el(b, "Delimiter", key(q, q.delimiter()));
    }
    el(b, "MaxKeys", Integer.toString(q.maxKeys()));
    if (q.urlEncoding()) {
      el(b, "EncodingType", "url");
    }
    el(b, "IsTruncated", Boolean.toString(page.truncated()));
    if (page.truncated()) {
      el(b, "NextMarker", key(q, page.nextMarker()));
    }
    contents(b, q, page);
    return b.append("</ListBucketResult>").toString();
  }

  private static void contents(StringBuilder b, ListQuery q, ObjectListing.Page<Entry> page) {
    for (Entry e : page.contents()) {
      b.append("<Contents>");
      el(b, "Key", key(q, e.key()));
      el(b, "LastModified", iso(e.lastModified()));
      el(b, "ETag", e.etag());
      el(b, "Size", Long.toString(e.size()));
      el(b, "StorageClass", "STANDARD");
      b.append("</Contents>");
    }
    for (String p : page.commonPrefixes()) {
      b.append("<CommonPrefixes>");
      el(b, "Prefix", key(q, p));
      b.append("</CommonPrefixes>");
    }
  }

  private static String key(ListQuery q, String s) {
    if (s == null) {
      return "";
    }
    return q.urlEncoding() ? AwsEncoding.encode(s, true) : s;
  }

  public static String iso(Instant t) {
    return ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  private static void el(StringBuilder b, String name, String value) {
    b.append('<').append(name).append('>');
    b.append(escape(value == null ? "" : value));
    b.append("</").append(name).append('>');
  }

  static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&apos;";
            default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "&#xFFFD;" : null;
          };
      if (r != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (r != null) {
          b.append(r);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
