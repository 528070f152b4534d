package org.enclave.workspace.runtime.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server in this JVM (s3proxy over an in-memory store) that checks SigV4 signatures,
 * standing in for the data broker.
 */
public final class S3Fixture implements AutoCloseable {
  public static final String ACCESS_KEY = "EKIATESTKEY0000000000";
  public static final String SECRET_KEY = "test-secret-0123456789-abcdefghijklmnopq";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  public S3Fixture() throws Exception {
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The environment of a workspace whose broker is this server. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ENDPOINT_URL",
        endpoint().toString(),
        "AWS_ACCESS_KEY_ID",
        ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET_KEY,
        "AWS_REGION",
        "us-east-1",
        "ENCLAVE_WORKSPACE_ID",
        "ws-test");
  }

  public EnclaveEnvironment enclaveEnvironment() {
    return EnclaveEnvironment.from(environment());
  }

  public BlobStore store() {
    return context.getBlobStore();
  }

  public void bucket(String name) {
    store().createContainerInLocation(null, name);
  }

  public void put(String bucket, String key, byte[] bytes) {
    store()
        .putBlob(
            bucket, store().blobBuilder(key).payload(bytes).contentLength(bytes.length).build());
  }

  public void put(String bucket, String key, String text) {
    put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
