package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("sandbox")
/** Bubblewrap specifics; what every provider promises is in {@link WorkspaceLifecycleContract}. */
class BubblewrapLifecycleTest {
  @TempDir Path dir;
  SandboxFixture fixture;
  BubblewrapWorkspaceProvider provider;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
    provider = fixture.provider;
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void execRunsAsTheWorkspaceUserInItsHome() throws Exception {
    String id = fixture.startWithBroker("exec");

    ExecResult result =
        fixture.sh(id, "id -un; pwd; hostname; echo \"$HOME\"; echo oops >&2; exit 3");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout().lines().toList())
        .containsExactly("researcher", "/home/researcher", "workspace", "/home/researcher");
    assertThat(result.stderr()).contains("oops");
    assertThat(result.timedOut()).isFalse();
  }

  @Test
  void execFeedsStandardInput() throws Exception {
    String id = fixture.startWithBroker("stdin");

    ExecResult result = provider.exec(id, ExecRequest.of("tr", "a-z", "A-Z").withStdin("quiet\n"));

    assertThat(result.stdout()).isEqualTo("QUIET\n");
  }

  @Test
  void execRunsWithoutCapabilitiesAndWithNoNewPrivileges() throws Exception {
    String id = fixture.startWithBroker("caps");

    ExecResult result = fixture.sh(id, "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status");

    assertThat(result.stdout())
        .contains("CapEff:\t0000000000000000")
        .contains("CapBnd:\t0000000000000000")
        .contains("NoNewPrivs:\t1");
  }

  @Test
  void execSeesThePresetEnvironment() throws Exception {
    String id = fixture.startWithBroker("env");

    ExecResult result = fixture.sh(id, "env | sort");

    assertThat(result.stdout().lines())
        .contains(
            "AWS_ENDPOINT_URL=http://127.0.0.1:9000",
            "AWS_REGION=eu-west-1",
            "AWS_DEFAULT_REGION=eu-west-1",
            "AWS_SECRET_ACCESS_KEY=test-secret",
            "AWS_CONFIG_FILE=/etc/enclave/aws/config",
            "HOME=/home/researcher");
  }

  @Test
  void execThatRunsPastItsTimeoutIsKilledWithWhatItStarted() throws Exception {
    String id = fixture.startWithBroker("timeout");

    ExecResult result =
        provider.exec(
            id,
            ExecRequest.shell("sleep 300 & sleep 300; echo never")
                .withTimeout(Duration.ofSeconds(2)));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.stdout()).doesNotContain("never");
    assertThat(
            SandboxFixture.await(
                () -> fixture.sh(id, "pgrep -c -x sleep").stdout().strip().equals("1")))
        .as("only the idle main process's sleep is left")
        .isTrue();
  }

  @Test
  void homeIsKeptAcrossStopAndStart() throws Exception {
    String id = fixture.startWithBroker("keep");
    assertThat(fixture.sh(id, "echo notes > ~/notes.txt && mkdir -p ~/work/deep").exitCode())
        .isZero();

    provider.stop(id);
    assertThat(provider.status(id).state()).isEqualTo(WorkspaceState.STOPPED);
    fixture.start(fixture.spec(id));

    assertThat(fixture.sh(id, "cat ~/notes.txt; test -d ~/work/deep && echo dir").stdout())
        .isEqualTo("notes\ndir\n");
  }

  @Test
  void stopLeavesNoProcessBehind() throws Exception {
    String id = fixture.startWithBroker("noorphans");
    fixture.sh(id, "nohup sleep 600 >/dev/null 2>&1 & setsid sleep 600 >/dev/null 2>&1 &");
    SandboxRecord record =
        SandboxRecord.read(fixture.stateDir.resolve("workspaces").resolve(id)).orElseThrow();
    String namespace = Procs.pidNamespace(record.init().pid()).orElseThrow();
    assertThat(Procs.membersOf(namespace)).hasSizeGreaterThanOrEqualTo(4);

    provider.stop(id);

    assertThat(Procs.membersOf(namespace)).isEmpty();
    assertThat(record.init().isAlive()).isFalse();
    assertThat(record.outer().isAlive()).isFalse();
    assertThat(Procs.allPids())
        .noneMatch(pid -> Procs.commandLine(pid).stream().anyMatch(arg -> arg.contains(id)));
    for (Path cgroup : record.cgroups()) {
      assertThat(cgroup).doesNotExist();
    }
  }

  @Test
  void terminateWipesTheHome() throws Exception {
    String id = fixture.startWithBroker("wipe");
    fixture.sh(
        id, "mkdir -p ~/a/b && echo x > ~/a/b/c && chmod 000 ~/a/b && ln -s /etc/passwd ~/link");
    Path home = fixture.homeRoot.resolve(id);
    assertThat(home).isDirectory();

    provider.terminate(id);

    assertThat(home).doesNotExist();
    assertThat(provider.status(id).state()).isEqualTo(WorkspaceState.STOPPED);
    assertThat(fixture.stateDir.resolve("workspaces").resolve(id)).doesNotExist();
  }

  @Test
  void execInAStoppedWorkspaceFails() throws Exception {
    String id = fixture.startWithBroker("stopped");
    provider.stop(id);

    assertThatThrownBy(() -> fixture.sh(id, "true"))
        .isInstanceOf(WorkspaceException.class)
        .extracting(e -> ((WorkspaceException) e).reason())
        .isEqualTo(WorkspaceException.Reason.NOT_RUNNING);
  }

  @Test
  void workspaceWhoseMainCommandExitsIsStopped() throws Exception {
    String id = SandboxFixture.uniqueId("short");
    FakeBroker.listen(fixture.brokerSocket(id)).close();
    fixture.start(fixture.spec(id).withCommand(List.of("sleep", "3")));

    assertThat(SandboxFixture.await(() -> !provider.status(id).running())).isTrue();
    assertThat(provider.list()).extracting(WorkspaceStatus::id).doesNotContain(id);
  }

  @Test
  void sharedBrokerDirectoryIsRefused() throws Exception {
    String id = SandboxFixture.uniqueId("shared");
    Path socket = fixture.brokerSocket(id);
    Files.createDirectories(socket.getParent());
    Files.writeString(socket.resolveSibling("other-workspace.sock"), "");

    assertThatThrownBy(() -> provider.start(fixture.spec(id)))
        .isInstanceOf(WorkspaceException.class)
        .extracting(e -> ((WorkspaceException) e).reason())
        .isEqualTo(WorkspaceException.Reason.INVALID_SPEC);
  }

  @Test
  void everyLimitIsReported() throws Exception {
    String id = fixture.startWithBroker("limits");

    List<LimitEnforcement> limits = provider.status(id).limits();

    assertThat(limits)
        .extracting(LimitEnforcement::limit)
        .containsExactlyInAnyOrder(
            LimitEnforcement.Limit.CPU,
            LimitEnforcement.Limit.MEMORY,
            LimitEnforcement.Limit.PIDS,
            LimitEnforcement.Limit.OPEN_FILES);
    assertThat(limits).allSatisfy(l -> assertThat(l.note()).isNotBlank());
    assertThat(limits)
        .filteredOn(l -> l.limit() == LimitEnforcement.Limit.OPEN_FILES)
        .singleElement()
        .extracting(LimitEnforcement::mechanism)
        .isEqualTo(LimitEnforcement.Mechanism.RLIMIT);
    assertThat(fixture.sh(id, "ulimit -n").stdout().strip())
        .isEqualTo(Integer.toString(WorkspaceLimits.DEFAULT.openFiles()));
  }
}
