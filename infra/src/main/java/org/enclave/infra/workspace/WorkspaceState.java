package org.enclave.infra.workspace;

/** Whether a workspace's processes run. */
public enum WorkspaceState {
  /** Started and ready; its processes run. */
  RUNNING,
  /** No process runs; the home, if any, is kept. */
  STOPPED
}
