package org.enclave.infra.workspace;

import java.nio.file.Path;

/**
 * Settings of {@link ProgramSandbox}.
 *
 * @param stateDir where runs keep their files while they exist: {@code <stateDir>/runs/<id>/} holds
 *     the copies of a run's inputs, its output directory and its generated {@code /etc}. Made
 *     {@code 0700}; never visible inside a run
 * @param runUid the host uid (and gid) every program runs as when the control plane runs as root.
 *     All runs share it: their namespaces, not their uid, keep them apart. It must belong to no
 *     other user and lie outside the workspaces' uid range. Unused without root, where programs
 *     keep the control plane's uid in a user namespace
 * @param cgroupName the cgroup, under the control plane's own, that holds the runs' cgroups; null
 *     to use no cgroups (then only resource limits apply, which the result's limits report)
 * @param cpus CPU time one run may use, in cores (a CFS quota on its cgroup)
 */
public record ProgramSandboxConfig(Path stateDir, long runUid, String cgroupName, double cpus) {
  /** Just below the workspaces' {@link BubblewrapConfig#DEFAULT_UID_BASE}. */
  public static final long DEFAULT_RUN_UID = 1_099_000;

  public static final String DEFAULT_CGROUP_NAME = "enclave-programs";
  public static final double DEFAULT_CPUS = 1;

  public ProgramSandboxConfig {
    if (stateDir == null || !stateDir.isAbsolute()) {
      throw new IllegalArgumentException("stateDir must be an absolute path");
    }
    stateDir = stateDir.normalize();
    if (runUid < 1000 || runUid > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("runUid must lie in [1000, 2^32 - 2]");
    }
    if (cgroupName != null && !WorkspaceIds.isValid(cgroupName)) {
      throw new IllegalArgumentException("cgroupName must be a plain name");
    }
    if (!(cpus > 0) || cpus > 1024) {
      throw new IllegalArgumentException("cpus must be in (0, 1024]");
    }
  }

  /** The settings with runs limited to {@link #DEFAULT_CPUS} core. */
  public ProgramSandboxConfig(Path stateDir, long runUid, String cgroupName) {
    this(stateDir, runUid, cgroupName, DEFAULT_CPUS);
  }

  /** Defaults: uid {@value #DEFAULT_RUN_UID}, cgroup {@code enclave-programs}, one core. */
  public static ProgramSandboxConfig of(Path stateDir) {
    return new ProgramSandboxConfig(stateDir, DEFAULT_RUN_UID, DEFAULT_CGROUP_NAME, DEFAULT_CPUS);
  }

  public ProgramSandboxConfig withRunUid(long uid) {
    return new ProgramSandboxConfig(stateDir, uid, cgroupName, cpus);
  }

  public ProgramSandboxConfig withCgroupName(String name) {
    return new ProgramSandboxConfig(stateDir, runUid, name, cpus);
  }

  public ProgramSandboxConfig withCpus(double newCpus) {
    return new ProgramSandboxConfig(stateDir, runUid, cgroupName, newCpus);
  }
}
