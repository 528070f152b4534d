package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Stands in for a control-plane process in {@link WorkspaceReattachTest}: starts one workspace and
 * exits, as a control plane that is restarted would.
 *
 * <p>Arguments: state dir, cgroup name, uid base, home root, broker socket, workspace id.
 */
public final class ControlPlaneStandIn {
  private ControlPlaneStandIn() {}

  public static void main(String[] args) {
    BubblewrapWorkspaceProvider provider =
        new BubblewrapWorkspaceProvider(
            BubblewrapConfig.of(Path.of(args[0]))
                .withCgroupName(args[1])
                .withUidRange(Long.parseLong(args[2]), 1000)
                .withReadyTimeout(SandboxFixture.READY_TIMEOUT)
                .withStopGrace(Duration.ofSeconds(2)));
    WorkspaceStatus status =
        provider.start(WorkspaceSpec.of(args[5], Path.of(args[3]), Path.of(args[4])));
    System.out.println("started " + status.id());
    System.exit(0);
  }
}
