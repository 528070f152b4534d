package org.enclave.infra.aws.s3;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in this JVM (s3proxy over jclouds' in-memory store, checking SigV4) and a client
 * of it that records every HTTP request it sends, signed, as it goes on the wire.
 */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "EKIATESTKEY0000000000";
  static final String SECRET_KEY = "test-secret-0123456789-abcdefghijklmnopq";

  final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();
  private final BlobStoreContext context;
  private final S3Proxy proxy;
  final S3Client s3;

  S3TestServer() throws Exception {
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            // s3proxy 2.6.0 answers 501 NotImplemented to any x-amz- header it does not know:
            // x-amz-server-side-encryption*, x-amz-checksum-sha256, x-amz-checksum-algorithm and
            // x-amz-object-lock-*. Ignoring them means it neither encrypts, verifies SHA-256
            // checksums nor locks objects; tests assert those headers on the recorded requests.
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClient(ApacheHttpClient.create())
            // s3proxy 2.6.0 refuses x-amz-checksum-mode on GET, and would otherwise be sent CRC32
            // trailers the store does not ask for; the store sets SHA-256 checksums explicitly.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> o.addExecutionInterceptor(new Recorder()))
            .build();
  }

  void bucket(String name) {
    s3.createBucket(b -> b.bucket(name));
    requests.clear();
  }

  /** Recorded requests whose method and raw query match, e.g. ("PUT", "uploadId"). */
  List<SdkHttpRequest> requests(String method, String queryParameter) {
    return requests.stream()
        .filter(r -> r.method().name().equals(method))
        .filter(
            r ->
                queryParameter == null
                    ? r.rawQueryParameters().isEmpty()
                    : r.rawQueryParameters().containsKey(queryParameter))
        .collect(Collectors.toList());
  }

  static String header(SdkHttpRequest request, String name) {
    return request.firstMatchingHeader(name).orElse(null);
  }

  @Override
  public void close() throws Exception {
    s3.close();
    proxy.stop();
    context.close();
  }

  private final class Recorder implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
      requests.add(context.httpRequest());
    }
  }
}
