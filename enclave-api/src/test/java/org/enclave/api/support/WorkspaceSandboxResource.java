package org.enclave.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.enclave.infra.workspace.BubblewrapConfig;
import org.enclave.infra.workspace.BubblewrapWorkspaceProvider;
import org.enclave.infra.workspace.WorkspaceStatus;

/**
 * Real bubblewrap workspaces for the tests, in a directory, uid range and cgroup of this run's own,
 * so that parallel runs and a local enclave on the same host never meet. The directory is short
 * (under {@code /tmp}): broker socket paths must fit a Unix socket address. Whatever still runs
 * when the tests end is terminated, since workspaces outlive the control plane by design.
 */
public class WorkspaceSandboxResource implements QuarkusTestResourceLifecycleManager {
  private Path root;
  private long uidBase;
  private String cgroup;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory(Path.of("/tmp"), "enclave-ws-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Random random = new Random();
    uidBase = 100_000_000L + 1000L * random.nextInt(1_000_000);
    cgroup = "enclave-api-test-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    return Map.of(
        "enclave.workspaces.root",
        root.toString(),
        "enclave.workspaces.uid-base",
        Long.toString(uidBase),
        "enclave.workspaces.uid-count",
        "1000",
        "enclave.workspaces.cgroup-name",
        cgroup);
  }

  /** The provider's state directory, as {@code ./enclave shell --state} would take it. */
  public static Path stateDir(Path root) {
    return root.resolve("state");
  }

  @Override
  public void stop() {
    if (root == null) {
      return;
    }
    try {
      if (Files.isDirectory(stateDir(root))) {
        BubblewrapWorkspaceProvider provider =
            new BubblewrapWorkspaceProvider(
                BubblewrapConfig.of(stateDir(root))
                    .withUidRange(uidBase, 1000)
                    .withCgroupName(cgroup));
        for (WorkspaceStatus s : provider.list()) {
          provider.terminate(s.id());
        }
      }
      try (Stream<Path> all = Files.walk(root)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not clean up test workspaces under " + root + ": " + e);
    }
  }
}
