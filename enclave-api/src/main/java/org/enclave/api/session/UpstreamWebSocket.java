package org.enclave.api.session;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The client end of a WebSocket (RFC 6455) to Jupyter over its Unix socket. Vert.x's own WebSocket
 * client connects only to TCP addresses, so the handshake and framing are done here on a plain
 * connection: frames sent are masked, frames received are parsed with their opcode and fin bit.
 */
final class UpstreamWebSocket {
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final long MAX_FRAME = 64L * 1024 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A received frame. */
  record Frame(boolean fin, int opcode, Buffer payload) {}

  /** The upgrade was answered with another status than 101. */
  static final class Rejected extends RuntimeException {
    final int status;

    Rejected(int status) {
      super("upgrade refused with status " + status);
      this.status = status;
    }
  }

  final NetSocket socket;
  private Buffer pending = Buffer.buffer();
  private Handler<Frame> frames = f -> {};
  private boolean closed;

  private UpstreamWebSocket(NetSocket socket) {
    this.socket = socket;
  }

  static Future<UpstreamWebSocket> connect(
      Vertx vertx, NetClient client, SocketAddress upstream, String uri, String token) {
    Promise<UpstreamWebSocket> promise = Promise.promise();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    client
        .connect(upstream)
        .onFailure(promise::fail)
        .onSuccess(
            socket -> {
              UpstreamWebSocket ws = new UpstreamWebSocket(socket);
              Buffer head = Buffer.buffer();
              socket.handler(
                  data -> {
                    if (promise.future().isComplete()) {
                      ws.received(data);
                      return;
                    }
                    head.appendBuffer(data);
                    String text = head.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end < 0) {
                      if (head.length() > 16 * 1024) {
                        socket.close();
                        promise.tryFail("upgrade answer too long");
                      }
                      return;
                    }
                    int status = status(text);
                    if (status != 101 || !accepts(text.substring(0, end), key)) {
                      socket.close();
                      promise.tryFail(new Rejected(status));
                      return;
                    }
                    promise.tryComplete(ws);
                    if (head.length() > end + 4) {
                      ws.received(head.getBuffer(end + 4, head.length()));
                    }
                  });
              socket.exceptionHandler(promise::tryFail);
              socket.write(
                  "GET "
                      + uri
                      + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                      + key
                      + "\r\nAuthorization: token "
                      + token
                      + "\r\n\r\n");
            });
    return promise.future();
  }

  void frameHandler(Handler<Frame> handler) {
    this.frames = handler;
  }

  void write(int opcode, boolean fin, Buffer payload) {
    if (closed) {
      return;
    }
    int length = payload.length();
    Buffer out = Buffer.buffer(length + 14);
    out.appendByte((byte) ((fin ? 0x80 : 0) | opcode));
    if (length < 126) {
      out.appendByte((byte) (0x80 | length));
    } else if (length < 65536) {
      out.appendByte((byte) (0x80 | 126)).appendUnsignedShort(length);
    } else {
      out.appendByte((byte) (0x80 | 127)).appendLong(length);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    out.appendBytes(mask);
    byte[] data = payload.getBytes();
    for (int i = 0; i < data.length; i++) {
      data[i] ^= mask[i & 3];
    }
    out.appendBytes(data);
    socket.write(out);
  }

  /** Sends a close frame (once) and ends the connection. */
  void close(short code, String reason) {
    if (closed) {
      return;
    }
    Buffer payload = Buffer.buffer().appendUnsignedShort(code & 0xffff);
    payload.appendString(reason == null ? "" : reason, "UTF-8");
    write(CLOSE, true, payload);
    closed = true;
    socket.end();
  }

  boolean isClosed() {
    return closed;
  }

  private void received(Buffer data) {
    pending = pending.length() == 0 ? data.copy() : pending.appendBuffer(data);
    while (true) {
      if (pending.length() < 2) {
        return;
      }
      int b0 = pending.getUnsignedByte(0);
      int b1 = pending.getUnsignedByte(1);
      boolean masked = (b1 & 0x80) != 0;
      long length = b1 & 0x7f;
      int at = 2;
      if (length == 126) {
        if (pending.length() < 4) {
          return;
        }
        length = pending.getUnsignedShort(2);
        at = 4;
      } else if (length == 127) {
        if (pending.length() < 10) {
          return;
        }
        length = pending.getLong(2);
        at = 10;
      }
      if (length < 0 || length > MAX_FRAME) {
        close((short) 1009, "frame too large");
        return;
      }
      int maskAt = at;
      if (masked) {
        at += 4;
      }
      if (pending.length() < at + length) {
        return;
      }
      byte[] payload = pending.getBytes(at, at + (int) length);
      if (masked) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= pending.getByte(maskAt + (i & 3));
        }
      }
      pending = pending.getBuffer(at + (int) length, pending.length());
      frames.handle(new Frame((b0 & 0x80) != 0, b0 & 0x0f, Buffer.buffer(payload)));
    }
  }

  private static int status(String head) {
    try {
      return Integer.parseInt(head.substring(9, 12));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static boolean accepts(String head, String key) {
    String expected;
    try {
      expected =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon)
              .trim()
              .toLowerCase(Locale.ROOT)
              .equals("sec-websocket-accept")) {
        return line.substring(colon + 1).trim().equals(expected);
      }
    }
    return false;
  }
}
