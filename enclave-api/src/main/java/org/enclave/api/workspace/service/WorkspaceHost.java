package org.enclave.api.workspace.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.config.AwsSettings;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.infra.aws.ec2.Ec2WorkspaceProvider;
import org.enclave.infra.workspace.BubblewrapConfig;
import org.enclave.infra.workspace.BubblewrapWorkspaceProvider;
import org.enclave.infra.workspace.WorkspaceException;
import org.enclave.infra.workspace.WorkspaceProvider;
import org.jboss.logging.Logger;

/**
 * The workspace provider of this control plane and where its files go. If the host cannot run
 * workspaces (not root, bubblewrap missing, paths too long for a socket), the control plane still
 * starts: every workspace operation then fails with {@code 503 workspaces-unavailable} saying why.
 */
@ApplicationScoped
public class WorkspaceHost {
  private static final Logger LOG = Logger.getLogger(WorkspaceHost.class);

  /** Longest Unix socket path Linux accepts ({@code sun_path} is 108 bytes with its NUL). */
  static final int MAX_SOCKET_PATH = 107;

  /**
   * The longer of the two sockets' paths below the broker root's parent: {@code
   * session/<id>/session.sock}.
   */
  private static final int SOCKET_SUFFIX = "/".length() + 36 + "/session.sock".length() + 1;

  @Inject WorkspaceConfig config;
  @Inject BrokerEndpoints broker;

  private volatile Optional<WorkspaceProvider> provider;
  private volatile String unavailable;

  /** The provider; throws {@code 503 workspaces-unavailable} if this host cannot run workspaces. */
  public WorkspaceProvider provider() {
    return available()
        .orElseThrow(() -> new EnclaveException(ErrorCode.WORKSPACES_UNAVAILABLE, unavailable));
  }

  /** The provider, if this host can run workspaces. */
  public synchronized Optional<WorkspaceProvider> available() {
    if (provider == null) {
      provider = open();
    }
    return provider;
  }

  /** Why workspaces cannot run here, or null if they can (or were not tried yet). */
  public String unavailableReason() {
    return unavailable;
  }

  /** Where the sandboxes' records live: what {@code ./enclave shell} reads. */
  public Path stateDir() {
    return root().resolve("state");
  }

  public Path homeRoot() {
    return root().resolve("homes");
  }

  /** The broker socket of one workspace, in a directory of its own. */
  public Path brokerSocket(String workspaceId) {
    return brokerRoot().resolve(workspaceId).resolve("broker.sock");
  }

  Path brokerRoot() {
    return root().resolve("broker");
  }

  /** The directory of one workspace's session socket: the Jupyter server creates it there. */
  public Path sessionDir(String workspaceId) {
    return sessionRoot().resolve(workspaceId);
  }

  Path sessionRoot() {
    return root().resolve("session");
  }

  private Path root() {
    return config.root().toAbsolutePath().normalize();
  }

  private Optional<WorkspaceProvider> open() {
    if (config.provider().trim().equalsIgnoreCase("aws")) {
      return openEc2();
    }
    String why = reasonUnavailable(config.enabled(), config.requireRoot(), ownUid(), brokerRoot());
    if (why == null) {
      try {
        Files.createDirectories(homeRoot());
        Files.createDirectories(brokerRoot());
        Files.createDirectories(sessionRoot());
        // Root's alone: the workspace's socket is reached through its directory inside.
        Files.setPosixFilePermissions(
            sessionRoot(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        WorkspaceProvider p =
            new BubblewrapWorkspaceProvider(
                BubblewrapConfig.of(stateDir())
                    .withUidRange(config.uidBase(), config.uidCount())
                    .withReadyTimeout(config.readyTimeout())
                    .withStopGrace(config.stopGrace())
                    .withCgroupName(config.cgroupName()));
        LOG.infof("workspaces run as bubblewrap sandboxes; their records are in %s", stateDir());
        return Optional.of(p);
      } catch (WorkspaceException | IOException | IllegalArgumentException e) {
        why = "the bubblewrap workspace provider cannot run on this host: " + e.getMessage();
      }
    }
    unavailable = why;
    LOG.warnf("workspaces are unavailable: %s", why);
    return Optional.empty();
  }

  /**
   * Workspaces as EC2 instances: the provider, and the broker's network listener they reach the
   * control plane on. {@link org.enclave.api.config.AwsReadiness} has checked the settings.
   */
  private Optional<WorkspaceProvider> openEc2() {
    try {
      AwsSettings aws = AwsSettings.current();
      Ec2WorkspaceProvider p = AwsWorkspaces.provider(aws, config);
      broker.listenNetwork(AwsWorkspaces.listener(aws), new ProviderNetworkWorkspaces(p));
      LOG.infof(
          "workspaces run as EC2 instances of deployment %s",
          aws.required("enclave.aws.deployment"));
      return Optional.of(p);
    } catch (RuntimeException e) {
      unavailable = "the EC2 workspace provider cannot run: " + e.getMessage();
      LOG.warnf("workspaces are unavailable: %s", unavailable);
      return Optional.empty();
    }
  }

  /**
   * Why workspaces cannot run, or null if nothing stands in the way that can be seen without
   * trying.
   */
  static String reasonUnavailable(boolean enabled, boolean requireRoot, long uid, Path brokerRoot) {
    if (!enabled) {
      return "workspaces are turned off on this control plane (enclave.workspaces.enabled)";
    }
    if (requireRoot && uid != 0) {
      return "the control plane runs as uid "
          + uid
          + "; local workspaces need root to give each workspace its own uid and limits"
          + " (run ./enclave up as root, or set enclave.workspaces.require-root=false for a"
          + " weaker sandbox)";
    }
    int socketPath = brokerRoot.toString().length() + SOCKET_SUFFIX;
    if (socketPath > MAX_SOCKET_PATH) {
      return "socket paths under "
          + brokerRoot.getParent()
          + " would be "
          + socketPath
          + " bytes, more than a Unix socket allows ("
          + MAX_SOCKET_PATH
          + "); use a shorter enclave.workspaces.root";
    }
    return null;
  }

  private static long ownUid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
