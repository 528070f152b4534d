package org.enclave.api.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 by hand, for requests no client library would send and for Unix sockets. */
final class RawHttp {
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Response send(
      SocketAddress to, String method, String target, Map<String, List<String>> headers)
      throws IOException {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    boolean host = false;
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      host |= h.getKey().equalsIgnoreCase("host");
      for (String v : h.getValue()) {
        head.append(h.getKey()).append(": ").append(v).append("\r\n");
      }
    }
    if (!host) {
      head.append("Host: 127.0.0.1:9000\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    SocketChannel ch =
        to instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    try (ch) {
      ch.connect(to);
      ch.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buf) >= 0) {
        buf.flip();
        all.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
      return parse(all.toByteArray(), method.equals("HEAD"));
    }
  }

  static InetSocketAddress tcp(String endpoint) {
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    return new InetSocketAddress("127.0.0.1", port);
  }

  private static Response parse(byte[] raw, boolean head) {
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    int end = s.indexOf("\r\n\r\n");
    String[] lines = s.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (head) {
      body = new byte[0];
    }
    return new Response(status, headers, body);
  }
}
