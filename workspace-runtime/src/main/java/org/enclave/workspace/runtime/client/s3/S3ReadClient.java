package org.enclave.workspace.runtime.client.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.enclave.workspace.runtime.client.BrokerException;
import org.enclave.workspace.runtime.client.Dataset;
import org.enclave.workspace.runtime.client.EnclaveException;
import org.enclave.workspace.runtime.client.ObjectInfo;

/**
 * The read half of the S3 REST API, path-style, signed with {@link SigV4Signer}: what the data
 * broker serves. Bodies of objects are streamed, never held whole in memory.
 */
public final class S3ReadClient {
  /** At most this much of an error answer is read. */
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

  private final URI endpoint;
  private final SigV4Signer signer;
  private final HttpClient http;
  private final Clock clock;

  /** An object's body and what the answer said about it. */
  public record ObjectBody(InputStream body, int status, long contentLength, String contentRange) {}

  public S3ReadClient(URI endpoint, SigV4Signer signer, HttpClient http, Clock clock) {
    String e = endpoint.toString();
    this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    this.signer = signer;
    this.http = http;
    this.clock = clock;
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:9000}. */
  public URI endpoint() {
    return endpoint;
  }

  /** ListBuckets: the buckets this workspace may read now. */
  public List<Dataset> listBuckets() {
    HttpResponse<InputStream> r = send("GET", uri(null, null, Map.of()), Map.of(), "list datasets");
    try (InputStream body = r.body()) {
      return S3Xml.buckets(body);
    } catch (IOException e) {
      throw new EnclaveException("could not read the list of datasets: " + e, e);
    }
  }

  /**
   * ListObjectsV2, one page.
   *
   * @param prefix only keys starting with it, or {@code null}
   * @param delimiter group keys by it into common prefixes, or {@code null}
   * @param continuationToken the previous page's token, or {@code null} for the first page
   * @param maxKeys at most this many keys and prefixes (1..1000)
   */
  public ListPage listObjectsV2(
      String bucket, String prefix, String delimiter, String continuationToken, int maxKeys) {
    requireName(bucket, "bucket");
    Map<String, String> query = new TreeMap<>();
    query.put("list-type", "2");
    query.put("max-keys", Integer.toString(maxKeys));
    if (prefix != null && !prefix.isEmpty()) {
      query.put("prefix", prefix);
    }
    if (delimiter != null && !delimiter.isEmpty()) {
      query.put("delimiter", delimiter);
    }
    if (continuationToken != null) {
      query.put("continuation-token", continuationToken);
    }
    String what = "list " + bucket + "/" + (prefix == null ? "" : prefix);
    HttpResponse<InputStream> r = send("GET", uri(bucket, null, query), Map.of(), what);
    try (InputStream body = r.body()) {
      return S3Xml.listPage(body, bucket);
    } catch (IOException e) {
      throw new EnclaveException("could not read the listing of " + bucket + ": " + e, e);
    }
  }

  /** HeadObject: size, date and entity tag of one file. */
  public ObjectInfo headObject(String bucket, String key) {
    requireName(bucket, "bucket");
    requireName(key, "key");
    HttpResponse<InputStream> r =
        send("HEAD", uri(bucket, key, Map.of()), Map.of(), "stat " + bucket + "/" + key);
    closeQuietly(r.body());
    long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    Instant modified =
        r.headers().firstValue("Last-Modified").map(S3ReadClient::httpDate).orElse(null);
    String etag = S3Xml.unquote(r.headers().firstValue("ETag").orElse(null));
    return new ObjectInfo(key, size, modified, etag);
  }

  /**
   * GetObject, streamed.
   *
   * @param range a {@code Range} header value such as {@code bytes=0-9}, or {@code null}
   */
  public ObjectBody getObject(String bucket, String key, String range) {
    requireName(bucket, "bucket");
    requireName(key, "key");
    Map<String, String> headers = range == null ? Map.of() : Map.of("Range", range);
    HttpResponse<InputStream> r =
        send("GET", uri(bucket, key, Map.of()), headers, "read " + bucket + "/" + key);
    return new ObjectBody(
        r.body(),
        r.statusCode(),
        r.headers().firstValueAsLong("Content-Length").orElse(-1),
        r.headers().firstValue("Content-Range").orElse(null));
  }

  /** The request URI: path-style, each part encoded as SigV4 canonicalizes it. */
  URI uri(String bucket, String key, Map<String, String> query) {
    StringBuilder u = new StringBuilder(endpoint.toString()).append('/');
    if (bucket != null) {
      u.append(UriEncoding.encode(bucket));
      if (key != null) {
        u.append('/').append(UriEncoding.encodePath(key));
      }
    }
    if (!query.isEmpty()) {
      u.append('?');
      boolean first = true;
      for (Map.Entry<String, String> q : new TreeMap<>(query).entrySet()) {
        if (!first) {
          u.append('&');
        }
        first = false;
        u.append(UriEncoding.encode(q.getKey()))
            .append('=')
            .append(UriEncoding.encode(q.getValue()));
      }
    }
    return URI.create(u.toString());
  }

  private HttpResponse<InputStream> send(
      String method, URI uri, Map<String, String> headers, String what) {
    Map<String, String> signed =
        signer.sign(method, uri, headers, SigV4Signer.EMPTY_PAYLOAD_SHA256, clock.instant());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(ANSWER_TIMEOUT);
    signed.forEach(b::header);
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnclaveException("interrupted while waiting for the data broker (" + what + ")");
    } catch (IOException e) {
      throw new EnclaveException(
          "cannot reach the data broker at " + endpoint + " (" + what + "): " + describe(e), e);
    }
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return r;
    }
    throw failure(r, what, method);
  }

  private static BrokerException failure(HttpResponse<InputStream> r, String what, String method) {
    byte[] body = new byte[0];
    try (InputStream in = r.body()) {
      if (!"HEAD".equals(method)) {
        body = in.readNBytes(MAX_ERROR_BODY);
      }
    } catch (IOException e) {
      // The status alone still says what happened.
    }
    String headerId = r.headers().firstValue("x-amz-request-id").orElse(null);
    S3Xml.ErrorBody error = S3Xml.error(body);
    int status = r.statusCode();
    if (error != null && error.code() != null && !error.code().isBlank()) {
      String id = error.requestId() != null ? error.requestId() : headerId;
      return new BrokerException(what, status, error.code().strip(), error.message(), id);
    }
    // The broker names every refusal in headers too: the only way a HEAD answer can say why.
    Optional<String> headerCode = r.headers().firstValue("x-enclave-error-code");
    if (headerCode.isPresent() && !headerCode.get().isBlank()) {
      return new BrokerException(
          what,
          status,
          headerCode.get().strip(),
          r.headers().firstValue("x-enclave-error-message").orElse(null),
          headerId);
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > 200) {
      text = text.substring(0, 200) + "...";
    }
    return new BrokerException(
        what, status, codeFor(status), text.isEmpty() ? null : text, headerId);
  }

  /** The S3 error code an answer without a body (HEAD) most likely stands for. */
  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 403 -> "AccessDenied";
      case 404 -> "NotFound";
      case 412 -> "PreconditionFailed";
      case 416 -> "InvalidRange";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      default -> "HTTP" + status;
    };
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void requireName(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " must not be empty");
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to release
    }
  }
}
