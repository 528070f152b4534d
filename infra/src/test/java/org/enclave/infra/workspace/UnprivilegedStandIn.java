package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A control plane that does not run as root, for {@link UnprivilegedControlPlaneTest}: starts a
 * workspace behind a fake broker, runs a script in it, prints the results and terminates it.
 *
 * <p>Arguments: a directory it owns, a workspace id, the script.
 */
public final class UnprivilegedStandIn {
  private UnprivilegedStandIn() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String id = args[1];
    BubblewrapWorkspaceProvider provider =
        new BubblewrapWorkspaceProvider(
            BubblewrapConfig.of(dir.resolve("state"))
                .withReadyTimeout(SandboxFixture.READY_TIMEOUT)
                .withStopGrace(Duration.ofSeconds(2)));
    Path socket = dir.resolve("broker").resolve(id).resolve("broker.sock");
    try (FakeBroker broker = FakeBroker.listen(socket)) {
      WorkspaceStatus status = provider.start(WorkspaceSpec.of(id, dir.resolve("homes"), socket));
      System.out.println("isolatesUids=" + provider.isolatesUids());
      for (LimitEnforcement limit : status.limits()) {
        System.out.println("limit " + limit.limit() + " " + limit.mechanism());
      }
      ExecResult result =
          provider.exec(id, ExecRequest.shell(args[2]).withTimeout(Duration.ofMinutes(1)));
      System.out.print(result.stdout());
      System.out.println("exit=" + result.exitCode());
      provider.terminate(id);
      System.out.println("after terminate: " + provider.list().size() + " running");
    }
  }
}
