package org.enclave.infra.workspace;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the data broker: an HTTP/1.1 server on a Unix domain socket that answers the two S3
 * listing calls {@code aws s3 ls} makes with fixed XML, and anything else with a greeting. It
 * records each request's line and headers.
 */
final class FakeBroker implements AutoCloseable {
  static final String GREETING = "hello from the broker";
  static final String BUCKET = "clpsych";
  static final String KEY = "posts.jsonl";
  static final String OBJECT = "{\"post\": \"synthetic\"}\n";
  private static final String OBJECT_PATH = "/" + BUCKET + "/" + KEY;

  private final Path socket;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private FakeBroker(Path socket) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    // What the real broker must do too: the workspace's user connects to this socket.
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    acceptor = new Thread(this::acceptLoop, "fake-broker");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on {@code socket}, replacing whatever file is there. */
  static FakeBroker listen(Path socket) throws IOException {
    Files.createDirectories(socket.getParent());
    return new FakeBroker(socket);
  }

  Path socket() {
    return socket;
  }

  /** Request line and headers of every request so far, one string each. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread handler = new Thread(() -> handle(client), "fake-broker-conn");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(SocketChannel client) {
    try (client) {
      while (true) {
        String head = readHead(client);
        if (head == null) {
          return;
        }
        requests.add(head);
        String[] line = head.split(" ", 3);
        String method = line[0];
        String target = line.length > 1 ? line[1] : "/";
        byte[] body = body(target).getBytes(StandardCharsets.UTF_8);
        String type = isListing(target) ? "application/xml" : "text/plain";
        String response =
            "HTTP/1.1 200 OK\r\nContent-Type: "
                + type
                + "\r\nContent-Length: "
                + body.length
                + "\r\nETag: \"0\"\r\nLast-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n";
        client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
        if (!method.equals("HEAD")) {
          client.write(ByteBuffer.wrap(body));
        }
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  private static boolean isListing(String target) {
    return target.equals("/")
        || target.startsWith("/?")
        || target.equals("/" + BUCKET)
        || target.startsWith("/" + BUCKET + "?");
  }

  private static String body(String target) {
    if (target.equals(OBJECT_PATH) || target.startsWith(OBJECT_PATH + "?")) {
      return OBJECT;
    }
    if (target.equals("/") || target.startsWith("/?")) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          + "<Owner><ID>enclave</ID></Owner><Buckets><Bucket><Name>"
          + BUCKET
          + "</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets>"
          + "</ListAllMyBucketsResult>";
    }
    if (isListing(target)) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
          + BUCKET
          + "</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
          + "<IsTruncated>false</IsTruncated><Contents><Key>"
          + KEY
          + "</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>\"0\"</ETag>"
          + "<Size>"
          + OBJECT.length()
          + "</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>";
    }
    return GREETING;
  }

  /** Reads up to the blank line ending the head; the fake requests have no body. */
  private static String readHead(SocketChannel client) throws IOException {
    StringBuilder head = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (head.indexOf("\r\n\r\n") < 0) {
      one.clear();
      if (client.read(one) <= 0) {
        return null;
      }
      head.append((char) one.get(0));
      if (head.length() > 64 * 1024) {
        return null;
      }
    }
    return head.toString().strip();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
