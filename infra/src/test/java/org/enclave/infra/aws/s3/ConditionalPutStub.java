package org.enclave.infra.aws.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * S3's conditional PutObject, which s3proxy 2.6.0 does not implement (it honours If-None-Match on
 * GET and HEAD only, and overwrites on PUT): an {@link SdkHttpClient} that answers PutObject and
 * GetObject as S3 documents them, including {@code 412 PreconditionFailed} for {@code
 * If-None-Match: *} on an existing key. Nothing else of S3 is modelled.
 */
final class ConditionalPutStub implements SdkHttpClient {
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

  /** How many of the next PUTs meet a concurrent conditional write (409), as S3 answers it. */
  final java.util.concurrent.atomic.AtomicInteger conflicts =
      new java.util.concurrent.atomic.AtomicInteger();

  S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create("https://s3.stub.invalid"))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(this)
        .build();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return answer(request);
      }

      @Override
      public void abort() {}
    };
  }

  private HttpExecuteResponse answer(HttpExecuteRequest request) {
    SdkHttpRequest http = request.httpRequest();
    requests.add(http);
    String path = http.encodedPath();
    switch (http.method()) {
      case PUT -> {
        byte[] body = read(request);
        if (conflicts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          return response(
              409,
              "<Error><Code>ConditionalRequestConflict</Code><Message>A conflicting conditional"
                  + " operation is currently in progress against this resource. Try again."
                  + "</Message></Error>");
        }
        boolean ifAbsent = "*".equals(http.firstMatchingHeader("If-None-Match").orElse(null));
        if (ifAbsent && objects.containsKey(path)) {
          return response(
              412,
              "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions"
                  + " you specified did not hold</Message><Condition>If-None-Match</Condition>"
                  + "</Error>");
        }
        objects.put(path, body);
        return response(200, "");
      }
      case GET -> {
        byte[] body = objects.get(path);
        if (body == null) {
          return response(
              404,
              "<Error><Code>NoSuchKey</Code><Message>The key does not exist</Message></Error>");
        }
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(200)
                    .putHeader("Content-Length", "" + body.length)
                    .putHeader("Content-Type", "text/plain")
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }
      default -> throw new IllegalStateException("not modelled: " + http.method());
    }
  }

  private static byte[] read(HttpExecuteRequest request) {
    try {
      return request.contentStreamProvider().orElseThrow().newStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpExecuteResponse response(int status, String xml) {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    return HttpExecuteResponse.builder()
        .response(
            SdkHttpResponse.builder()
                .statusCode(status)
                .putHeader("Content-Length", "" + body.length)
                .putHeader("Content-Type", "application/xml")
                .putHeader("ETag", "\"stub\"")
                .build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
        .build();
  }

  @Override
  public void close() {}
}
