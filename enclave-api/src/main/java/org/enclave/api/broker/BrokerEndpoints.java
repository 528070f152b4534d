package org.enclave.api.broker;

import io.quarkus.arc.Unremovable;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.enclave.api.broker.s3.S3Error;
import org.enclave.api.broker.s3.S3Xml;
import org.jboss.logging.Logger;

/**
 * Opens and closes the data broker's endpoint of each workspace. This is the whole API between the
 * broker and workspace lifecycle code:
 *
 * <ul>
 *   <li>{@link #open(WorkspaceIdentity, Path)} when a workspace starts: listens on a Unix domain
 *       socket of its own (which the sandbox bind-mounts and bridges to {@code 127.0.0.1:9000}) and
 *       returns fresh credentials to put in the workspace's environment. Opening again rotates: the
 *       previous credentials and listener die first.
 *   <li>{@link #resume(WorkspaceIdentity, String, Path)} after a control-plane restart, for a
 *       workspace that kept running: the same access key id, whose secret is derived again.
 *   <li>{@link #close(String)} when the workspace stops: its credentials stop working at once and
 *       its socket goes away.
 * </ul>
 *
 * <p>The socket a request arrives on says which workspace sent it; credentials are only valid on
 * their own workspace's socket, so neither they nor URLs presigned with them work anywhere else.
 * {@link #openLoopback} listens on a TCP port of 127.0.0.1 instead, for tests and benchmarks.
 */
@ApplicationScoped
@Unremovable // the entry point for workspace lifecycle code, whether or not it is injected yet
public class BrokerEndpoints {
  private static final Logger LOG = Logger.getLogger(BrokerEndpoints.class);
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  /** SO_SNDBUF asked for each broker connection. */
  private static final int SEND_BUFFER_BYTES = 4 * 1024 * 1024;

  @Inject Vertx vertx;
  @Inject BrokerRequestHandler handler;
  @Inject CredentialIssuer issuer;
  @Inject CredentialRegistry registry;
  @Inject BrokerConfig config;
  @Inject BrokerActivity activity;
  @Inject ChannelDispatcher channels;
  @Inject BrokerAudit audit;
  @Inject Clock clock;

  /**
   * One workspace's open endpoint: its own listener on a Unix socket or loopback port, or none of
   * its own ({@code server} null) when it shares the network listener.
   */
  private record Endpoint(
      WorkspaceIdentity identity, String accessKeyId, HttpServer server, Path socket) {}

  private final Map<String, Endpoint> open = new ConcurrentHashMap<>();
  private final Map<String, String> workspaceByKey = new ConcurrentHashMap<>();
  private volatile ExecutorService workers;
  private HttpServer networkServer;
  private URI networkUrl;

  /** Opens (or reopens, rotating its credentials) the workspace's endpoint on a Unix socket. */
  public synchronized WorkspaceCredentials open(WorkspaceIdentity workspace, Path socket) {
    return listenOnSocket(workspace, issuer.newAccessKeyId(), socket);
  }

  /** Reopens a workspace's endpoint with the access key id it was given before. */
  public synchronized WorkspaceCredentials resume(
      WorkspaceIdentity workspace, String accessKeyId, Path socket) {
    if (!accessKeyId.matches("EKIA[A-Z2-7]{16}")) {
      throw new IllegalArgumentException("not an access key id this broker issues");
    }
    return listenOnSocket(workspace, accessKeyId, socket);
  }

  /**
   * Opens the workspace's endpoint on a TCP port of 127.0.0.1 (0 for any free port), for tests and
   * benchmarks. Such an endpoint does not tell workspaces apart by where requests come from: never
   * use it for a real workspace.
   */
  public synchronized WorkspaceCredentials openLoopback(WorkspaceIdentity workspace, int port) {
    close(workspace.workspaceId());
    String accessKeyId = issuer.newAccessKeyId();
    HttpServer server = listen(workspace, SocketAddress.inetSocketAddress(port, "127.0.0.1"));
    return bind(workspace, accessKeyId, server, null, "http://127.0.0.1:" + server.actualPort());
  }

  /**
   * Starts the one listener that workspaces reaching the broker over a network share (EC2
   * instances), and returns its URL as workspaces see it. A request there is served for the
   * workspace its access key belongs to only if it comes from that workspace's address, as {@code
   * workspaces} knows it; see {@link NetworkRouter}. Idempotent for the same listener.
   */
  public synchronized URI listenNetwork(NetworkListener listener, NetworkWorkspaces workspaces) {
    if (networkServer != null) {
      return networkUrl;
    }
    HttpServerOptions options = serverOptions();
    if (listener.tls()) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(listener.certificate().toString())
                  .setKeyPath(listener.privateKey().toString()));
    }
    NetworkRouter router =
        new NetworkRouter(
            this::networkIdentityOfKey,
            this::networkIdentity,
            workspaces,
            this,
            audit,
            workers(),
            clock);
    HttpServer server =
        start(
            options,
            router::handle,
            SocketAddress.inetSocketAddress(listener.port(), listener.host()));
    networkServer = server;
    networkUrl =
        listener.url() != null
            ? listener.url()
            : URI.create(
                (listener.tls() ? "https://" : "http://")
                    + hostForUrl(listener.host())
                    + ":"
                    + server.actualPort());
    LOG.infof("broker network listener open at %s", networkUrl);
    return networkUrl;
  }

  /**
   * Opens (or reopens, rotating its credentials) the endpoint of a workspace that reaches the
   * broker over the network listener, which must be listening.
   */
  public synchronized WorkspaceCredentials openNetwork(WorkspaceIdentity workspace) {
    return bindNetwork(workspace, issuer.newAccessKeyId());
  }

  /** Reopens a network workspace's endpoint with the access key id it was given before. */
  public synchronized WorkspaceCredentials resumeNetwork(
      WorkspaceIdentity workspace, String accessKeyId) {
    if (!accessKeyId.matches("EKIA[A-Z2-7]{16}")) {
      throw new IllegalArgumentException("not an access key id this broker issues");
    }
    return bindNetwork(workspace, accessKeyId);
  }

  private WorkspaceCredentials bindNetwork(WorkspaceIdentity workspace, String accessKeyId) {
    if (networkServer == null) {
      throw new IllegalStateException("the broker's network listener is not listening");
    }
    close(workspace.workspaceId());
    return bind(workspace, accessKeyId, null, null, networkUrl.toString());
  }

  private Optional<WorkspaceIdentity> networkIdentityOfKey(String accessKeyId) {
    String ws = workspaceByKey.get(accessKeyId);
    return ws == null ? Optional.empty() : networkIdentity(ws);
  }

  /** The identity of a workspace whose endpoint is on the network listener. */
  private Optional<WorkspaceIdentity> networkIdentity(String workspaceId) {
    Endpoint e = open.get(workspaceId);
    return e == null || e.server() != null ? Optional.empty() : Optional.of(e.identity());
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Closes the workspace's endpoint, if open: its credentials stop working at once. */
  public synchronized void close(String workspaceId) {
    Endpoint e = open.remove(workspaceId);
    if (e == null) {
      return;
    }
    registry.revoke(e.accessKeyId());
    workspaceByKey.remove(e.accessKeyId());
    if (e.server() == null) {
      return;
    }
    try {
      e.server().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException ex) {
      LOG.warnf("broker endpoint of workspace %s did not close cleanly", workspaceId);
    }
    if (e.socket() != null) {
      try {
        Files.deleteIfExists(e.socket());
      } catch (IOException ex) {
        LOG.warnf("could not remove broker socket %s", e.socket());
      }
    }
  }

  /** Whether the workspace has an open endpoint. */
  public boolean isOpen(String workspaceId) {
    return open.containsKey(workspaceId);
  }

  /** Workspaces with an open endpoint. */
  public List<String> openWorkspaces() {
    return List.copyOf(open.keySet());
  }

  @PreDestroy
  synchronized void closeAll() {
    for (String ws : List.copyOf(open.keySet())) {
      close(ws);
    }
    if (networkServer != null) {
      networkServer.close();
      networkServer = null;
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  private WorkspaceCredentials listenOnSocket(
      WorkspaceIdentity workspace, String accessKeyId, Path socket) {
    if (!vertx.isNativeTransportEnabled()) {
      throw new IllegalStateException(
          "the broker needs Vert.x native transport (epoll) to listen on Unix sockets");
    }
    close(workspace.workspaceId());
    Path path = socket.toAbsolutePath().normalize();
    removeStaleSocket(path);
    HttpServer server = listen(workspace, SocketAddress.domainSocketAddress(path.toString()));
    allowConnections(path, server);
    return bind(workspace, accessKeyId, server, path, "unix:" + path);
  }

  private WorkspaceCredentials bind(
      WorkspaceIdentity workspace,
      String accessKeyId,
      HttpServer server,
      Path socket,
      String endpoint) {
    registry.bind(accessKeyId, workspace.workspaceId(), issuer.secretOf(accessKeyId));
    open.put(workspace.workspaceId(), new Endpoint(workspace, accessKeyId, server, socket));
    workspaceByKey.put(accessKeyId, workspace.workspaceId());
    LOG.infof("broker endpoint of workspace %s open at %s", workspace.workspaceId(), endpoint);
    return new WorkspaceCredentials(
        workspace.workspaceId(),
        accessKeyId,
        issuer.secretOf(accessKeyId),
        config.region(),
        endpoint);
  }

  private HttpServer listen(WorkspaceIdentity workspace, SocketAddress address) {
    ExecutorService pool = workers();
    return start(serverOptions(), req -> serve(workspace, req, pool), address);
  }

  /** The options every broker listener shares. */
  static HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setMaxInitialLineLength(16 * 1024)
        .setMaxHeaderSize(16 * 1024)
        .setCompressionSupported(false)
        // Large socket buffers let sendfile move big objects in few, large steps (the kernel
        // caps them at net.core.wmem_max).
        .setSendBufferSize(SEND_BUFFER_BYTES)
        .setHandle100ContinueAutomatically(false)
        .setIdleTimeout(300)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /** Starts a listener at {@code address}, waiting until it listens. */
  HttpServer start(
      HttpServerOptions options, Handler<HttpServerRequest> requests, SocketAddress address) {
    HttpServer server = vertx.createHttpServer(options);
    server.requestHandler(requests);
    try {
      return server
          .listen(address)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening a broker endpoint", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot open the broker endpoint at " + address + ": " + rootMessage(e), e);
    }
  }

  /** Serves one request of {@code workspace}: a channel call or a data request. */
  void serve(WorkspaceIdentity workspace, HttpServerRequest req, ExecutorService pool) {
    activity.touch(workspace.workspaceId());
    if (ChannelDispatcher.claims(req)) {
      channels.dispatch(workspace, req, pool);
      return;
    }
    BrokerRequestHandler.Incoming in = BrokerRequestHandler.Incoming.of(req);
    try {
      pool.execute(
          () -> {
            try {
              handler.handle(workspace, in, req.response());
            } catch (Throwable t) {
              LOG.errorf(t, "broker request on workspace %s failed", workspace.workspaceId());
              req.response().reset();
            }
          });
    } catch (RejectedExecutionException e) {
      req.response()
          .setStatusCode(503)
          .putHeader("Content-Type", "application/xml")
          .end(
              S3Xml.error(
                  S3Error.SERVICE_UNAVAILABLE,
                  S3Error.SERVICE_UNAVAILABLE.defaultMessage(),
                  "/",
                  "",
                  null,
                  null));
    }
  }

  ExecutorService workers() {
    ExecutorService w = workers;
    if (w == null) {
      AtomicInteger n = new AtomicInteger();
      int threads = config.workerThreads();
      w =
          new ThreadPoolExecutor(
              threads,
              threads,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(threads * 16),
              r -> {
                Thread t = new Thread(r, "broker-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      ((ThreadPoolExecutor) w).allowCoreThreadTimeOut(true);
      workers = w;
    }
    return w;
  }

  /** A socket file left by an earlier run is removed; any other kind of file is not touched. */
  private static void removeStaleSocket(Path path) {
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(path.getParent());
        return;
      }
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & S_IFMT) != S_IFSOCK) {
        throw new IllegalArgumentException(path + " exists and is not a socket");
      }
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker socket " + path, e);
    }
  }

  /**
   * Lets the workspace's own uid connect: the socket is created with the umask's mode, which only
   * its owner (the control plane) can connect to. Who may reach it is decided by its directory,
   * which the workspace provider makes accessible to that workspace alone.
   */
  private static void allowConnections(Path socket, HttpServer server) {
    try {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException(
          "cannot open the broker socket " + socket + " to its workspace", e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return String.valueOf(c.getMessage());
  }

  /** Where the workspace's endpoint listens, if it is open. */
  public Optional<Path> socketOf(String workspaceId) {
    Endpoint e = open.get(workspaceId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.socket());
  }
}
