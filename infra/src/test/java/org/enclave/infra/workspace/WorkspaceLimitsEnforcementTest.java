package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits reported as enforced are enforced. Which ones are depends on the host's kernel and
 * permissions: a test of a limit this host cannot enforce is skipped, and says why.
 */
@Tag("sandbox")
class WorkspaceLimitsEnforcementTest {
  private static final WorkspaceLimits SMALL = new WorkspaceLimits(0.5, 96, 64, 256);

  @TempDir Path dir;
  SandboxFixture fixture;
  String id;
  WorkspaceStatus status;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
    id = SandboxFixture.uniqueId("limits");
    FakeBroker.listen(fixture.brokerSocket(id)).close();
    status = fixture.start(fixture.spec(id).withLimits(SMALL));
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void memoryBeyondTheLimitIsRefused() {
    LimitEnforcement memory = limit(Limit.MEMORY);
    assumeTrue(memory.enforced(), memory.note());

    ExecResult result =
        fixture.sh(id, "python3 -c 'x = bytearray(400 * 1024 * 1024); print(\"allocated\")'");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stdout()).doesNotContain("allocated");
    assertThat(fixture.sh(id, "echo alive").stdout()).isEqualTo("alive\n");
  }

  @Test
  void tmpIsNoLargerThanTheMemoryLimit() {
    ExecResult result = fixture.sh(id, "stat -f -c '%b %S' /tmp /dev/shm");

    assertThat(result.stdout().lines())
        .hasSize(2)
        .allSatisfy(
            line -> {
              String[] blocksAndSize = line.split(" ");
              long bytes = Long.parseLong(blocksAndSize[0]) * Long.parseLong(blocksAndSize[1]);
              assertThat(bytes).isLessThanOrEqualTo(SMALL.memoryMiB() * 1024 * 1024);
            });
  }

  @Test
  void processesBeyondTheLimitAreRefused() throws Exception {
    LimitEnforcement pids = limit(Limit.PIDS);
    assumeTrue(pids.enforced(), pids.note());
    SandboxRecord record =
        SandboxRecord.read(fixture.stateDir.resolve("workspaces").resolve(id)).orElseThrow();
    String namespace = Procs.pidNamespace(record.init().pid()).orElseThrow();

    ExecResult result =
        fixture.sh(
            id, "for i in $(seq 150); do sleep 120 >/dev/null 2>&1 & done 2>/dev/null; true");

    assertThat(result.timedOut()).isFalse();
    int inside = Procs.membersOf(namespace).size();
    assertThat(inside).isGreaterThan(SMALL.pids() / 2).isLessThanOrEqualTo(SMALL.pids() + 1);
  }

  @Test
  void cpuQuotaIsWrittenWhereReportedAsEnforced() throws Exception {
    LimitEnforcement cpu = limit(Limit.CPU);
    assumeTrue(cpu.mechanism() == Mechanism.CGROUP_V1, cpu.note());
    SandboxRecord record =
        SandboxRecord.read(fixture.stateDir.resolve("workspaces").resolve(id)).orElseThrow();

    Path quota =
        record.cgroups().stream()
            .map(group -> group.resolve("cpu.cfs_quota_us"))
            .filter(Files::exists)
            .findFirst()
            .orElseThrow();

    assertThat(Files.readString(quota).strip()).isEqualTo("50000");
  }

  @Test
  void openFilesAreLimitedPerProcess() {
    ExecResult result = fixture.sh(id, "ulimit -n; ulimit -Hn");

    assertThat(result.stdout()).isEqualTo("256\n256\n");
  }

  private LimitEnforcement limit(Limit limit) {
    return status.limits().stream().filter(l -> l.limit() == limit).findFirst().orElseThrow();
  }
}
