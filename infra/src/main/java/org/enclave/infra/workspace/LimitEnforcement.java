package org.enclave.infra.workspace;

/**
 * How one limit of a running workspace or a program run is enforced on this host, if at all.
 * Reported as it is: a limit the kernel does not let the provider set says {@link Mechanism#NONE}
 * and why.
 *
 * @param limit which resource
 * @param requested the requested value, for people ("1.5 cpus", "2048 MiB")
 * @param mechanism what enforces it
 * @param note the scope of the enforcement or why there is none
 */
public record LimitEnforcement(Limit limit, String requested, Mechanism mechanism, String note) {

  /** The resources a workspace or a program run is limited in. */
  public enum Limit {
    CPU,
    MEMORY,
    PIDS,
    OPEN_FILES,
    /** Wall-clock time of a program run. */
    TIME,
    /** CPU seconds of each process of a program run. */
    CPU_TIME,
    /** Size of each file a program run writes. */
    FILE_SIZE
  }

  /** What enforces a limit. */
  public enum Mechanism {
    /** A cgroup v2 controller, for the workspace as a whole. */
    CGROUP_V2,
    /** A cgroup v1 controller, for the workspace as a whole. */
    CGROUP_V1,
    /** A resource limit (setrlimit); the note says its scope. */
    RLIMIT,
    /** The provider ends the run when the limit is reached (wall-clock time). */
    WATCHDOG,
    /** An instance or VM size (cloud providers). */
    INSTANCE_SIZE,
    /** Not enforced; the note says why. */
    NONE
  }

  public boolean enforced() {
    return mechanism != Mechanism.NONE;
  }
}
