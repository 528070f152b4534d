package org.enclave.infra.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An {@link SdkHttpClient} for tests of AWS adapters: real SDK clients run against it, so the
 * requests they build (headers, body, signing) are the ones AWS would see. Every request is
 * recorded; answers come first from a queue ({@link #enqueue}), then from a function of the request
 * ({@link #answerWith}). Nothing touches the network.
 *
 * <p>Build a client with {@code KmsClient.builder().httpClient(stub).region(...)
 * .credentialsProvider(AwsStubHttpClient.credentials())}. Answer in the service's real wire shape:
 * {@link Response#json} for awsJson services (KMS), {@link Response#xml} for Query services (STS,
 * EC2) and REST-XML (S3).
 */
public final class AwsStubHttpClient implements SdkHttpClient {
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Response> queued = new ArrayDeque<>();
  private Function<Request, Response> answer;

  /** Fixed test credentials, so that clients never look for real ones. */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIDSTUBSTUBSTUBSTUB", "stub-secret-key"));
  }

  /** Answers the next requests with {@code responses}, in order, before {@link #answerWith}. */
  public synchronized AwsStubHttpClient enqueue(Response... responses) {
    queued.addAll(List.of(responses));
    return this;
  }

  /** Answers every request the queue does not with {@code answer}. */
  public synchronized AwsStubHttpClient answerWith(Function<Request, Response> answer) {
    this.answer = answer;
    return this;
  }

  /** Every request so far, oldest first. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The only request so far; fails if there were none or several. */
  public synchronized Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + describe());
    }
    return requests.get(0);
  }

  /** The last request so far. */
  public synchronized Request lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError("no request was made");
    }
    return requests.get(requests.size() - 1);
  }

  private String describe() {
    return requests.stream().map(Request::operation).toList().toString();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest execute) {
    byte[] body =
        execute.contentStreamProvider().map(AwsStubHttpClient::readAll).orElse(new byte[0]);
    SdkHttpFullRequest full =
        SdkHttpFullRequest.builder()
            .method(execute.httpRequest().method())
            .uri(execute.httpRequest().getUri())
            .headers(execute.httpRequest().headers())
            .contentStreamProvider(() -> new ByteArrayInputStream(body))
            .build();
    Request request = new Request(full, body);
    Response response = respond(request);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(response.status());
        response.headers().forEach(http::putHeader);
        http.putHeader("Content-Length", String.valueOf(response.body().length));
        return HttpExecuteResponse.builder()
            .response(http.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(response.body())))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  private synchronized Response respond(Request request) {
    requests.add(request);
    if (!queued.isEmpty()) {
      return queued.removeFirst();
    }
    if (answer == null) {
      throw new IllegalStateException("the stub has no answer for " + request.operation());
    }
    return answer.apply(request);
  }

  private static byte[] readAll(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String clientName() {
    return "AwsStub";
  }

  @Override
  public void close() {}

  /** One request as the SDK sent it, its body read. */
  public record Request(SdkHttpFullRequest http, byte[] body) {
    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
      return http.firstMatchingHeader(name);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The {@code X-Amz-Target} of an awsJson request, such as {@code TrentService.Sign}. */
    public String target() {
      return header("X-Amz-Target").orElse("");
    }

    /** The form parameters of a Query request ({@code Action=…&Version=…}), decoded, in order. */
    public Map<String, String> form() {
      Map<String, String> params = new LinkedHashMap<>();
      String text = bodyText();
      if (text.isEmpty()) {
        return params;
      }
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        params.put(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
      return params;
    }

    /** The operation, for messages: the awsJson target, the Query action, or method and path. */
    public String operation() {
      if (!target().isEmpty()) {
        return target();
      }
      String action = http.method().name().equals("POST") ? form().get("Action") : null;
      return action != null ? action : http.method() + " " + http.encodedPath();
    }
  }

  /** A canned answer. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    /** An awsJson 1.1 answer (KMS and other JSON services). */
    public static Response json(int status, String body) {
      return of(status, "application/x-amz-json-1.1", body);
    }

    /**
     * An awsJson error as the services send it: {@code {"__type":…,"message":…}} with status 400
     * (or {@code status}).
     */
    public static Response jsonError(int status, String type, String message) {
      return json(
          status,
          "{\"__type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }

    /** An XML answer (Query and REST-XML services). */
    public static Response xml(int status, String body) {
      return of(status, "text/xml", body);
    }

    /** A Query-protocol error ({@code <ErrorResponse><Error>…}), as STS and IAM send it. */
    public static Response queryError(int status, String code, String message) {
      return xml(
          status,
          "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
              + "<Type>Sender</Type><Code>"
              + code
              + "</Code><Message>"
              + message
              + "</Message></Error><RequestId>4b1e2a7c-0000-4000-8000-stub</RequestId>"
              + "</ErrorResponse>");
    }

    private static Response of(int status, String contentType, String body) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", contentType);
      headers.put("x-amzn-RequestId", "4b1e2a7c-0000-4000-8000-000000000000");
      return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
