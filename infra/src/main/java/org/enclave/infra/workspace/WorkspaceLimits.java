package org.enclave.infra.workspace;

/**
 * Resources one workspace may use. Which of them the host actually enforces, and how, is reported
 * in {@link WorkspaceStatus#limits()}.
 *
 * @param cpus CPU time, in cores (1.5 = one and a half cores)
 * @param memoryMiB memory, in MiB, including its tmpfs files
 * @param pids processes and threads
 * @param openFiles open files per process
 */
public record WorkspaceLimits(double cpus, long memoryMiB, int pids, int openFiles) {
  /** Two cores, 4 GiB, 1024 processes, 4096 open files per process. */
  public static final WorkspaceLimits DEFAULT = new WorkspaceLimits(2, 4096, 1024, 4096);

  public WorkspaceLimits {
    if (!(cpus > 0) || cpus > 1024) {
      throw invalid("cpus must be in (0, 1024]");
    }
    if (memoryMiB < 16) {
      throw invalid("memoryMiB must be at least 16");
    }
    if (pids < 8) {
      throw invalid("pids must be at least 8");
    }
    if (openFiles < 64) {
      throw invalid("openFiles must be at least 64");
    }
  }

  private static WorkspaceException invalid(String message) {
    return new WorkspaceException(WorkspaceException.Reason.INVALID_SPEC, message);
  }
}
