package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cgroup placement against directory trees standing in for cgroup file systems. */
class CgroupsTest {
  private static final WorkspaceLimits LIMITS = new WorkspaceLimits(1.5, 2048, 256, 1024);

  @TempDir Path root;

  @Test
  void hybridHostUsesTheV1ControllersUnderTheJvmsOwnCgroups() throws Exception {
    Path memory = Files.createDirectories(root.resolve("sys/fs/cgroup/memory/session/42"));
    Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "");
    Files.createDirectories(root.resolve("sys/fs/cgroup/cpu,cpuacct"));
    Files.createDirectories(root.resolve("sys/fs/cgroup/pids"));
    Cgroups cgroups =
        Cgroups.parse(
            "enclave",
            List.of(
                "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
                "cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0",
                "cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0",
                "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0"),
            List.of("5:memory:/session/42", "3:cpu,cpuacct:/", "2:pids:/", "0::/"),
            root);

    Cgroups.Placement placement = cgroups.place("ws-1", LIMITS);

    Path memoryGroup = memory.resolve("enclave/ws-1");
    Path cpuGroup = root.resolve("sys/fs/cgroup/cpu,cpuacct/enclave/ws-1");
    Path pidsGroup = root.resolve("sys/fs/cgroup/pids/enclave/ws-1");
    assertThat(placement.groups()).containsExactly(cpuGroup, memoryGroup, pidsGroup);
    assertThat(placement.procs()).contains(memoryGroup.resolve("cgroup.procs"));
    assertThat(Files.readString(memoryGroup.resolve("memory.limit_in_bytes")))
        .isEqualTo(Long.toString(2048L * 1024 * 1024));
    assertThat(Files.readString(cpuGroup.resolve("cpu.cfs_quota_us"))).isEqualTo("150000");
    assertThat(Files.readString(cpuGroup.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
    assertThat(Files.readString(pidsGroup.resolve("pids.max"))).isEqualTo("256");
    assertThat(placement.limits().values())
        .extracting(LimitEnforcement::mechanism)
        .containsOnly(Mechanism.CGROUP_V1);
    assertThat(cgroups.existingGroups("ws-1"))
        .containsExactlyInAnyOrder(cpuGroup, memoryGroup, pidsGroup);
  }

  @Test
  void unifiedHostEnablesControllersAndWritesV2Limits() throws Exception {
    Path own = Files.createDirectories(root.resolve("sys/fs/cgroup/enclave.service"));
    Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Files.writeString(own.resolve("cgroup.subtree_control"), "");
    Files.createDirectories(own.resolve("workspaces"));
    Files.writeString(own.resolve("workspaces/cgroup.subtree_control"), "");
    Cgroups cgroups =
        Cgroups.parse(
            "workspaces",
            List.of("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0"),
            List.of("0::/enclave.service"),
            root);

    Cgroups.Placement placement = cgroups.place("ws-2", LIMITS);

    Path group = own.resolve("workspaces/ws-2");
    assertThat(placement.groups()).containsExactly(group);
    assertThat(Files.readString(group.resolve("memory.max")))
        .isEqualTo(Long.toString(2048L * 1024 * 1024));
    assertThat(Files.readString(group.resolve("cpu.max"))).isEqualTo("150000 100000");
    assertThat(Files.readString(group.resolve("pids.max"))).isEqualTo("256");
    assertThat(Files.readString(own.resolve("workspaces/cgroup.subtree_control")))
        .isEqualTo("+pids");
    assertThat(placement.limits().values())
        .extracting(LimitEnforcement::mechanism)
        .containsOnly(Mechanism.CGROUP_V2);
  }

  @Test
  void missingControllersAreReportedNotPretended() {
    Cgroups cgroups =
        Cgroups.parse(
            "enclave",
            List.of("cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0"),
            List.of("0::/"),
            root);

    Cgroups.Placement placement = cgroups.place("ws-3", LIMITS);

    assertThat(placement.groups()).isEmpty();
    assertThat(placement.limits()).containsOnlyKeys(Limit.CPU, Limit.MEMORY, Limit.PIDS);
    assertThat(placement.limits().values())
        .allSatisfy(
            l -> {
              assertThat(l.mechanism()).isEqualTo(Mechanism.NONE);
              assertThat(l.note()).contains("no ").contains("cgroup controller");
            });
  }

  @Test
  void unwritableCgroupIsReportedWithTheReason() throws Exception {
    Path pids = Files.createDirectories(root.resolve("sys/fs/cgroup/pids"));
    // A file where the parent cgroup would go: creating the workspace's cgroup fails.
    Files.writeString(pids.resolve("enclave"), "");
    Cgroups cgroups =
        Cgroups.parse(
            "enclave",
            List.of("cgroup /sys/fs/cgroup/pids cgroup rw,pids 0 0"),
            List.of("2:pids:/"),
            root);

    LimitEnforcement result = cgroups.place("ws-4", LIMITS).limits().get(Limit.PIDS);

    assertThat(result.mechanism()).isEqualTo(Mechanism.NONE);
    assertThat(result.note()).startsWith("pids cgroup not writable here");
  }
}
