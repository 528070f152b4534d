package org.enclave.api.broker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the broker listens for workspaces that reach it over a network.
 *
 * @param host the address to bind (the control plane's address in the VPC, or {@code 0.0.0.0})
 * @param port the TCP port (0 for any free one, in tests)
 * @param url the broker's URL as workspaces see it ({@code https://broker.enclave.internal:9443});
 *     null to derive {@code http(s)://host:port} from the bound port
 * @param certificate PEM certificate chain the workspace image trusts; null for plain HTTP, which
 *     only tests use
 * @param privateKey PEM private key of {@code certificate}
 */
public record NetworkListener(String host, int port, URI url, Path certificate, Path privateKey) {
  public NetworkListener {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535]");
    }
    if ((certificate == null) != (privateKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate and its private key");
    }
  }

  /** A plain-HTTP listener, for tests. */
  public static NetworkListener plain(String host, int port) {
    return new NetworkListener(host, port, null, null, null);
  }

  public boolean tls() {
    return certificate != null;
  }
}
