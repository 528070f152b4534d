package org.enclave.api.broker;

import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Exception;
import org.enclave.api.broker.s3.S3Request;
import org.enclave.api.broker.s3.S3Xml;

/** How broker answers look on the wire: object headers, preconditions, XML bodies. */
final class S3Responses {
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final String XML = "application/xml";
  private static final Map<String, String> RESPONSE_OVERRIDES =
      Map.of(
          "response-content-type", "Content-Type",
          "response-content-language", "Content-Language",
          "response-expires", "Expires",
          "response-cache-control", "Cache-Control",
          "response-content-disposition", "Content-Disposition",
          "response-content-encoding", "Content-Encoding");

  /** If-None-Match (304) and If-Match (412); the ETag of a file never changes. */
  static boolean notModified(BrokerRequestHandler.Incoming in, DatasetObject o) {
    String ifMatch = in.header("if-match");
    if (ifMatch != null && !etagMatches(ifMatch, o.etag())) {
      throw new S3Exception(
          S3Error.PRECONDITION_FAILED,
          S3Error.PRECONDITION_FAILED.defaultMessage(),
          "If-Match does not match");
    }
    String ifNoneMatch = in.header("if-none-match");
    return ifNoneMatch != null && etagMatches(ifNoneMatch, o.etag());
  }

  static boolean etagMatches(String header, String etag) {
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag) || ("\"" + c + "\"").equals(etag)) {
        return true;
      }
    }
    return false;
  }

  static void objectHeaders(HttpServerResponse res, DatasetObject o, S3Request req) {
    res.putHeader("ETag", o.etag());
    res.putHeader("Last-Modified", HTTP_DATE.format(o.lastModified()));
    res.putHeader("Accept-Ranges", "bytes");
    res.putHeader("Content-Type", o.mediaType());
    RESPONSE_OVERRIDES.forEach(
        (param, header) -> {
          String v = req.param(param);
          if (v != null && v.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            res.putHeader(header, v);
          }
        });
  }

  static void sendXml(HttpServerResponse res, int status, String xml) {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    res.setStatusCode(status);
    res.putHeader("Content-Type", XML);
    res.putHeader("Content-Length", Integer.toString(body.length));
    res.end(io.vertx.core.buffer.Buffer.buffer(body));
  }

  /** An S3 error answer; a response already under way is reset instead. */
  /** The refusal's S3 error code, on every error answer (HEAD included). */
  static final String ERROR_CODE_HEADER = "x-enclave-error-code";

  /** The refusal's message, as in the XML body, on every error answer (HEAD included). */
  static final String ERROR_MESSAGE_HEADER = "x-enclave-error-message";

  private static final int MAX_HEADER_MESSAGE = 512;

  static void sendError(
      HttpServerResponse res,
      S3Error error,
      String message,
      boolean head,
      boolean hasBody,
      Long objectSize,
      String bucket,
      String key,
      String requestId) {
    if (res.ended() || res.headWritten()) {
      res.reset();
      return;
    }
    res.setStatusCode(error.status());
    if (hasBody) {
      // The body of a refused upload is never read: the connection cannot carry another request.
      res.putHeader("Connection", "close");
    }
    if (error == S3Error.INVALID_RANGE && objectSize != null) {
      res.putHeader("Content-Range", "bytes */" + objectSize);
    }
    // A HEAD answer has no body to carry the reason; these headers carry it for every refusal.
    res.putHeader(ERROR_CODE_HEADER, error.code());
    res.putHeader(ERROR_MESSAGE_HEADER, headerSafe(message));
    if (head) {
      res.end();
      return;
    }
    String resource = bucket == null ? "/" : key == null ? "/" + bucket : "/" + bucket + "/" + key;
    boolean named = error == S3Error.NO_SUCH_BUCKET || error == S3Error.NO_SUCH_KEY;
    sendXml(
        res,
        error.status(),
        S3Xml.error(
            error,
            message,
            resource,
            requestId,
            named ? bucket : null,
            error == S3Error.NO_SUCH_KEY ? key : null));
  }

  /** Printable ASCII only, at most 512 characters: what any HTTP header may carry. */
  static String headerSafe(String message) {
    StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_HEADER_MESSAGE));
    for (int i = 0; i < message.length() && b.length() < MAX_HEADER_MESSAGE; i++) {
      char c = message.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  private S3Responses() {}
}
