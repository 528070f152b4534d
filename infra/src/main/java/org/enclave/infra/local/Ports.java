package org.enclave.infra.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP port checks for the local stack. */
public final class Ports {

  private Ports() {}

  /**
   * Fails fast when {@code port} is taken, naming the port, the service that wanted it and how to
   * find the process that holds it.
   */
  public static void requireFree(int port, String service) {
    if (!isFree(port)) {
      throw new LocalStackException(
          "port "
              + port
              + " ("
              + service
              + ") is already in use. Stop whatever listens there and try again;"
              + " `ss -ltnp 'sport = :"
              + port
              + "'` shows the process (perhaps an earlier `./enclave up` that is still running).");
    }
  }

  /** Whether nothing listens on {@code port}, on any local address. */
  public static boolean isFree(int port) {
    // Binding the wildcard address collides with a listener on any address, loopback included.
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      return false;
    }
    return true;
  }

  /** A port that was free a moment ago on the loopback interface. */
  public static int findFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalStackException("no free TCP port on the loopback interface", e);
    }
  }
}
