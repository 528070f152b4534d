package org.enclave.infra.workspace;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP listener on the host that counts the connections it accepts. */
final class HostListener implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();

  HostListener(InetAddress address) throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(address, 0));
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                  accepted.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "host-listener");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return server.getInetAddress().getHostAddress();
  }

  int port() {
    return server.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  /**
   * Whether the host itself can connect, and the listener counted it: proves that the listener is
   * real. Returns once the connection is counted, so that later counts are stable.
   */
  boolean reachableFromHost() {
    int before = accepted();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getInetAddress(), port()), 5000);
    } catch (IOException e) {
      return false;
    }
    return SandboxFixture.await(() -> accepted() > before);
  }

  /** An IPv4 address of this host that is not loopback, if it has one. */
  static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address.getAddress().length == 4 && !address.isLinkLocalAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
