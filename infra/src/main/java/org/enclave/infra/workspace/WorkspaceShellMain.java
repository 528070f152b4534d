package org.enclave.infra.workspace;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a shell in a running local workspace, for operators and tests: {@code ./enclave shell
 * <workspace-id> [command...]}. Without a command it is an interactive login shell, as the
 * workspace's user, with the workspace's environment, limits and isolation; without an id it lists
 * the running workspaces. Needs the same rights as the control plane (root, locally).
 */
public final class WorkspaceShellMain {
  static final String USAGE =
      """
      usage: WorkspaceShellMain --state DIR [<workspace-id> [command...]]
        --state DIR   the workspace provider's state directory (./enclave: .enclave/workspaces/state)
        no id         list the running workspaces
        no command    an interactive login shell (bash -l)
      """;

  private WorkspaceShellMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (rest.size() < 2 || !rest.get(0).equals("--state")) {
      err.print(USAGE);
      return 2;
    }
    Path state = Path.of(rest.get(1)).toAbsolutePath();
    rest = rest.subList(2, rest.size());
    BubblewrapWorkspaceProvider provider =
        new BubblewrapWorkspaceProvider(BubblewrapConfig.of(state));
    if (rest.isEmpty()) {
      for (WorkspaceStatus status : provider.observeRunning()) {
        out.println(status.id() + "\tstarted " + status.startedAt());
      }
      return 0;
    }
    String id = rest.get(0);
    if (!WorkspaceIds.isValid(id)) {
      err.println("not a workspace id: " + id);
      return 2;
    }
    try {
      Process shell = provider.shell(id, rest.subList(1, rest.size())).inheritIO().start();
      return shell.waitFor();
    } catch (WorkspaceException e) {
      err.println(e.getMessage());
      return 1;
    }
  }
}
