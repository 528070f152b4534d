package org.enclave.infra.workspace;

import java.net.URI;
import java.util.List;

/**
 * Runs isolated workspaces: sandboxes (locally) or virtual machines (on AWS) in which researchers
 * work on data they may not take out. A workspace reaches nothing but the data broker, at {@link
 * #brokerEndpoint()} as seen from inside, and keeps a home directory across stop and start.
 *
 * <p>Workspaces outlive the control plane: after a restart, {@link #list()} shows the ones still
 * running, which the caller either keeps (every operation works on them as before) or stops.
 * Operations on one workspace are serialized; different workspaces proceed in parallel.
 */
public interface WorkspaceProvider {

  /**
   * Starts the workspace and returns once it is ready, that is once the broker endpoint answers
   * from inside. The home directory is created on first start and reused afterwards.
   *
   * @throws WorkspaceException {@code ALREADY_RUNNING} if it runs, {@code START_FAILED} if it did
   *     not become ready (nothing is left running then)
   */
  WorkspaceStatus start(WorkspaceSpec spec);

  /** Stops every process of the workspace; its home is kept. Does nothing if it is not running. */
  void stop(String workspaceId);

  /** Stops the workspace and deletes its home and everything else kept for it. */
  void terminate(String workspaceId);

  /** The workspace's state; {@code STOPPED} for a workspace this provider does not know. */
  WorkspaceStatus status(String workspaceId);

  /**
   * The running workspaces, including those started before a control-plane restart. Leftovers of
   * workspaces that died meanwhile are cleaned up, and sandboxes nobody can account for are killed.
   */
  List<WorkspaceStatus> list();

  /**
   * Runs a command inside the running workspace, as the workspace's user, with the workspace's
   * environment, limits and isolation, and waits for it.
   *
   * @throws WorkspaceException {@code NOT_RUNNING} if the workspace is not running
   */
  ExecResult exec(String workspaceId, ExecRequest request);

  /**
   * A process that runs {@code command} (an interactive login shell if empty) inside the running
   * workspace, as {@link #exec} does, for an operator's terminal: start it with {@link
   * ProcessBuilder#inheritIO()}.
   *
   * @throws WorkspaceException {@code NOT_RUNNING} if the workspace is not running
   */
  ProcessBuilder shell(String workspaceId, List<String> command);

  /**
   * The host socket of the running workspace's session server, once checked to be the workspace's
   * own socket in a directory it can no longer change; empty if the workspace does not run, has no
   * session server, or the check fails.
   */
  java.util.Optional<java.nio.file.Path> sessionSocket(String workspaceId);

  /** Where the data broker answers, as seen from inside a workspace. */
  URI brokerEndpoint();

  /**
   * Every workspace the provider holds anything of, running or stopped: for cloud instances, which
   * keep their volumes while stopped, so that reconciliation finds the stopped orphans too. The
   * default is {@link #list()}, for providers whose stopped workspaces hold no resource but a home.
   */
  default List<WorkspaceStatus> existing() {
    return list();
  }

  /**
   * How workspaces of this provider reach the control plane if over a network (EC2); empty for
   * providers whose workspaces have sockets of their own (local sandboxes).
   */
  default java.util.Optional<WorkspaceNetwork> network() {
    return java.util.Optional.empty();
  }
}
