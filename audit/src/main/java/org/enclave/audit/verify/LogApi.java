package org.enclave.audit.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The control plane's audit log API, read with a bearer token: GETs of JSON arrays below a base URL
 * such as {@code http://localhost:8080/api/v1}. Requests may run ahead of their use ({@link
 * #get(String)} starts one, {@link #array(Call)} waits for it). The token goes only into the {@code
 * Authorization} header and never into a message.
 */
final class LogApi {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final String base;
  private final String token;

  /** A request under way. */
  record Call(String url, CompletableFuture<HttpResponse<byte[]>> response) {

    /** Abandons the request. */
    void cancel() {
      response.cancel(true);
    }
  }

  /**
   * @param baseUrl the API base, {@code http(s)://host[:port]/path}
   * @param token the bearer token, or {@code null} to send none
   * @throws InputException if the URL is not an http(s) URL with a host, or carries credentials
   */
  LogApi(String baseUrl, String token) throws InputException {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new InputException("not a URL: " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new InputException("the API URL must be http:// or https:// with a host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InputException("the API URL takes no credentials, query or fragment: use --token");
    }
    this.base = baseUrl.replaceAll("/+$", "");
    this.token = token;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on plain http
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /** Starts {@code GET base + pathAndQuery}. */
  Call get(String pathAndQuery) {
    String url = base + pathAndQuery;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return new Call(
        url, client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
  }

  /** {@code GET base + pathAndQuery}: the JSON array it answers with. */
  List<?> array(String pathAndQuery) throws InputException {
    return array(get(pathAndQuery));
  }

  /**
   * The JSON array a call answered with.
   *
   * @throws InputException if the server cannot be reached, answers other than 200, or the body is
   *     not a JSON array
   */
  List<?> array(Call call) throws InputException {
    return arrayUnless404(call)
        .orElseThrow(() -> new InputException("GET " + call.url() + " answered HTTP 404"));
  }

  /** As {@link #array(Call)}, but empty if the server answers 404 (the resource does not exist). */
  Optional<List<?>> arrayUnless404(Call call) throws InputException {
    HttpResponse<byte[]> response = await(call);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new InputException(
          "GET " + call.url() + " answered HTTP " + response.statusCode() + problem(response));
    }
    Object json;
    try {
      json = DumpFormat.parse(response.body());
    } catch (InputException e) {
      throw new InputException("GET " + call.url() + ": " + e.getMessage());
    }
    if (!(json instanceof List<?> list)) {
      throw new InputException("GET " + call.url() + " did not answer with a JSON array");
    }
    return Optional.of(list);
  }

  private static HttpResponse<byte[]> await(Call call) throws InputException {
    try {
      return call.response().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException("interrupted while reading " + call.url());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why =
          cause instanceof IOException && cause.getMessage() != null
              ? cause.getMessage()
              : cause.getClass().getSimpleName();
      throw new InputException("cannot reach " + call.url() + ": " + why, cause);
    }
  }

  /** The stable code or title of an RFC 9457 problem body, if there is one. */
  private static String problem(HttpResponse<byte[]> response) {
    try {
      if (DumpFormat.parse(response.body()) instanceof Map<?, ?> body) {
        Object code = body.get("code") != null ? body.get("code") : body.get("title");
        if (code instanceof String text && !text.isBlank()) {
          String printable =
              text.codePoints()
                  .filter(c -> c >= 0x20)
                  .limit(200)
                  .collect(
                      StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                  .toString();
          return " (" + printable + ")";
        }
      }
    } catch (InputException e) {
      // not a problem document: the status says enough
    }
    return "";
  }
}
