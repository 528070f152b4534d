package org.enclave.api.broker;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.enclave.api.broker.s3.ObjectListing;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Exception;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditException;
import org.enclave.audit.AuditSink;
import org.enclave.infra.keys.LocalKeyService;
import org.enclave.infra.storage.LocalFileObjectStore;
import org.enclave.infra.storage.StoredObject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The broker without Quarkus: real Vert.x (native transport), real SigV4, real streaming from a
 * filesystem object store, with governance and the audit log replaced by in-memory fakes that a
 * test can change (revoke a bucket, make the audit log fail).
 */
final class BrokerHarness implements AutoCloseable {
  static final UUID TEAM = UUID.fromString("00000000-0000-0000-0000-00000000000a");

  final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
  final FakeCatalog catalog = new FakeCatalog();
  final RecordingSink sink = new RecordingSink();
  final LocalFileObjectStore store;
  final BrokerEndpoints endpoints = new BrokerEndpoints();
  final CredentialRegistry registry = new CredentialRegistry();

  BrokerHarness(Path dir) throws IOException {
    this(dir, false);
  }

  /**
   * @param streamOnly hide the store's local files, so that bodies are streamed (as from S3)
   *     instead of sent with {@code sendfile}
   */
  BrokerHarness(Path dir, boolean streamOnly) throws IOException {
    store = new LocalFileObjectStore(dir.resolve("objects"));
    TestConfig config = new TestConfig();
    BrokerAudit audit = new BrokerAudit();
    audit.sink = sink;
    BrokerRequestHandler handler = new BrokerRequestHandler();
    handler.catalog = catalog;
    handler.audit = audit;
    handler.credentials = registry;
    handler.store = streamOnly ? new StreamOnly(store) : store;
    handler.config = config;
    handler.clock = Clock.systemUTC();
    handler.metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    CredentialIssuer issuer = new CredentialIssuer();
    issuer.keys = new LocalKeyService(dir.resolve("keys"));
    issuer.config = config;
    endpoints.vertx = vertx;
    endpoints.handler = handler;
    endpoints.issuer = issuer;
    endpoints.registry = registry;
    endpoints.config = config;
    endpoints.activity = new BrokerActivity();
    endpoints.audit = audit;
    endpoints.clock = Clock.systemUTC();
  }

  /** Serves {@code served} on the workspaces' {@code /-/} paths, as the CDI beans do in the app. */
  void channels(List<WorkspaceChannel> served) {
    ChannelDispatcher dispatcher =
        new ChannelDispatcher() {
          @Override
          Iterable<? extends WorkspaceChannel> served() {
            return served;
          }
        };
    dispatcher.credentials = registry;
    dispatcher.audit = endpoints.audit;
    dispatcher.config = endpoints.config;
    dispatcher.vertx = vertx;
    dispatcher.clock = Clock.systemUTC();
    endpoints.channels = dispatcher;
  }

  /** Adds a readable bucket with the given files and returns it. */
  BucketAccess bucket(String name, Map<String, byte[]> files) throws IOException {
    UUID version = UUID.randomUUID();
    BucketAccess access =
        new BucketAccess(
            name, UUID.randomUUID(), UUID.randomUUID(), name, version, "v1", Instant.now());
    List<DatasetObject> objects = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String key = "datasets/" + version + "/" + UUID.randomUUID();
      StoredObject s = store.put(key, new ByteArrayInputStream(f.getValue()), f.getValue().length);
      objects.add(
          new DatasetObject(
              f.getKey(), key, s.size(), s.sha256(), "application/x-ndjson", s.lastModified()));
    }
    objects.sort(Comparator.comparing(DatasetObject::key, ObjectListing::compare));
    catalog.buckets.put(name, access);
    catalog.objects.put(version, objects);
    return access;
  }

  static WorkspaceIdentity workspace(String id) {
    return new WorkspaceIdentity(id, TEAM, "alice");
  }

  static S3Client client(WorkspaceCredentials c) {
    return client(c.endpoint(), c.accessKeyId(), c.secretAccessKey());
  }

  static S3Client client(String endpoint, String accessKeyId, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  static S3Presigner presigner(WorkspaceCredentials c) {
    return S3Presigner.builder()
        .endpointOverride(URI.create(c.endpoint()))
        .region(Region.US_EAST_1)
        .serviceConfiguration(
            software.amazon.awssdk.services.s3.S3Configuration.builder()
                .pathStyleAccessEnabled(true)
                .build())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
        .build();
  }

  @Override
  public void close() {
    endpoints.closeAll();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  static final class FakeCatalog implements BrokerCatalog {
    final Map<String, BucketAccess> buckets = new ConcurrentHashMap<>();
    final Map<UUID, List<DatasetObject>> objects = new ConcurrentHashMap<>();
    final Map<String, String> revoked = new ConcurrentHashMap<>();

    @Override
    public List<BucketAccess> readableBuckets(WorkspaceIdentity ws, Instant now) {
      return buckets.values().stream()
          .filter(b -> ws.teamId().equals(TEAM) && !revoked.containsKey(b.bucket()))
          .sorted(Comparator.comparing(BucketAccess::bucket))
          .toList();
    }

    @Override
    public BucketAccess requireReadable(WorkspaceIdentity ws, String bucket, Instant now) {
      BucketAccess b = buckets.get(bucket);
      if (b == null || !ws.teamId().equals(TEAM)) {
        throw new S3Exception(
            S3Error.NO_SUCH_BUCKET, "The specified bucket does not exist.", "no grant");
      }
      if (revoked.containsKey(bucket)) {
        throw new S3Exception(
            S3Error.ACCESS_DENIED, "Access Denied: grant revoked", "grant revoked");
      }
      return b;
    }

    @Override
    public List<DatasetObject> objects(UUID versionId) {
      return objects.getOrDefault(versionId, List.of());
    }

    @Override
    public ReadableObject requireObject(
        WorkspaceIdentity ws, String bucket, String key, Instant now) {
      BucketAccess b = requireReadable(ws, bucket, now);
      return new ReadableObject(
          b, objects(b.versionId()).stream().filter(o -> o.key().equals(key)).findFirst());
    }
  }

  /** A store that can only stream, like one whose objects are not on this machine. */
  static final class StreamOnly implements org.enclave.infra.storage.ObjectStore {
    private final LocalFileObjectStore delegate;

    StreamOnly(LocalFileObjectStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public StoredObject put(String key, java.io.InputStream content, long maxBytes)
        throws IOException {
      return delegate.put(key, content, maxBytes);
    }

    @Override
    public Optional<java.io.InputStream> open(String key) throws IOException {
      return delegate.open(key);
    }

    @Override
    public Optional<java.io.InputStream> open(String key, long offset, long length)
        throws IOException {
      return delegate.open(key, offset, length);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
      return delegate.stat(key);
    }

    @Override
    public java.util.List<StoredObject> list(String prefix) throws IOException {
      return delegate.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
      delegate.delete(key);
    }
  }

  static final class RecordingSink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public long append(AuditEvent event) {
      if (failing) {
        throw new AuditException("log unavailable", null);
      }
      events.add(event);
      return events.size() - 1;
    }

    AuditEvent last() {
      return events.get(events.size() - 1);
    }
  }

  static final class TestConfig implements BrokerConfig {
    @Override
    public String region() {
      return "us-east-1";
    }

    @Override
    public String credentialKeyName() {
      return "broker-credentials";
    }

    @Override
    public List<String> restrictedDatasets() {
      return List.of("gold");
    }

    @Override
    public List<String> restrictedPathPrefixes() {
      return List.of("gold/");
    }

    @Override
    public int workerThreads() {
      return 16;
    }

    @Override
    public Duration stallTimeout() {
      return Duration.ofSeconds(30);
    }
  }
}
