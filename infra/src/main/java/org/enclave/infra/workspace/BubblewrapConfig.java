package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of {@link BubblewrapWorkspaceProvider}.
 *
 * @param stateDir where the provider keeps what it knows about workspaces (pid files, uid claims,
 *     generated configuration). Never visible inside a workspace. One provider at a time per
 *     directory
 * @param uidBase first host uid given to workspaces when the control plane runs as root; each
 *     workspace gets its own uid from {@code [uidBase, uidBase + uidCount)}, kept until it is
 *     terminated. Uids are claimed per state directory, so the range must hold no other user and
 *     serve no other state directory on the host
 * @param uidCount how many uids the range holds
 * @param readyTimeout how long a start may take before it counts as failed
 * @param stopGrace how long a stop waits after asking the workspace's processes to terminate before
 *     it kills them
 * @param cgroupName the cgroup, under the control plane's own, that holds the workspaces' cgroups;
 *     null to use no cgroups (then only resource limits apply)
 */
public record BubblewrapConfig(
    Path stateDir,
    long uidBase,
    int uidCount,
    Duration readyTimeout,
    Duration stopGrace,
    String cgroupName) {
  public static final long DEFAULT_UID_BASE = 1_100_000;
  public static final int DEFAULT_UID_COUNT = 65_536;

  public BubblewrapConfig {
    if (stateDir == null || !stateDir.isAbsolute()) {
      throw new IllegalArgumentException("stateDir must be an absolute path");
    }
    stateDir = stateDir.normalize();
    if (uidBase < 1000 || uidCount < 1 || uidBase + uidCount > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("uid range must lie in [1000, 2^32 - 2]");
    }
    if (cgroupName != null && !WorkspaceIds.isValid(cgroupName)) {
      throw new IllegalArgumentException("cgroupName must be a plain name");
    }
  }

  /** Defaults: the uid range above, 60 s to become ready, 5 s grace, cgroup {@code enclave}. */
  public static BubblewrapConfig of(Path stateDir) {
    return new BubblewrapConfig(
        stateDir,
        DEFAULT_UID_BASE,
        DEFAULT_UID_COUNT,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        "enclave-workspaces");
  }

  public BubblewrapConfig withUidRange(long base, int count) {
    return new BubblewrapConfig(stateDir, base, count, readyTimeout, stopGrace, cgroupName);
  }

  public BubblewrapConfig withStopGrace(Duration grace) {
    return new BubblewrapConfig(stateDir, uidBase, uidCount, readyTimeout, grace, cgroupName);
  }

  public BubblewrapConfig withReadyTimeout(Duration timeout) {
    return new BubblewrapConfig(stateDir, uidBase, uidCount, timeout, stopGrace, cgroupName);
  }

  public BubblewrapConfig withCgroupName(String name) {
    return new BubblewrapConfig(stateDir, uidBase, uidCount, readyTimeout, stopGrace, name);
  }
}
