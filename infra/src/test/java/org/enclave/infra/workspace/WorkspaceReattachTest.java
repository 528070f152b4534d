package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a control-plane restart, workspaces that still run are found again through the state
 * directory; whatever died meanwhile is cleaned up, and a sandbox nothing accounts for is killed.
 */
@Tag("sandbox")
class WorkspaceReattachTest {
  @TempDir Path dir;
  SandboxFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void newProviderFindsRunningWorkspacesAndCanUseAndStopThem() throws Exception {
    String id = fixture.startWithBroker("reattach");
    SandboxRecord record = record(id);

    BubblewrapWorkspaceProvider restarted = fixture.newProvider();

    assertThat(restarted.list()).extracting(WorkspaceStatus::id).containsExactly(id);
    assertThat(restarted.status(id).limits()).isEqualTo(fixture.provider.status(id).limits());
    ExecResult result =
        restarted.exec(id, ExecRequest.shell("curl -sS -m 30 http://127.0.0.1:9000/hello"));
    assertThat(result.stdout()).isEqualTo(FakeBroker.GREETING);

    restarted.stop(id);

    assertThat(record.init().isAlive()).isFalse();
    assertThat(fixture.provider.status(id).running()).isFalse();
  }

  @Test
  void workspaceOutlivesTheControlPlaneProcessThatStartedIt() throws Exception {
    String id = SandboxFixture.uniqueId("survivor");
    fixture.adopt(id);
    Path socket = fixture.brokerSocket(id);
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process controlPlane =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                ControlPlaneStandIn.class.getName(),
                fixture.stateDir.toString(),
                fixture.cgroupName,
                Long.toString(fixture.uidBase),
                fixture.homeRoot.toString(),
                socket.toString(),
                id)
            .redirectErrorStream(true)
            .start();
    String output =
        new String(controlPlane.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(controlPlane.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(controlPlane.exitValue()).as(output).isZero();

    try (FakeBroker broker = FakeBroker.listen(socket)) {
      assertThat(fixture.provider.list()).extracting(WorkspaceStatus::id).containsExactly(id);
      assertThat(fixture.sh(id, "curl -sS -m 30 http://127.0.0.1:9000/hello").stdout())
          .isEqualTo(FakeBroker.GREETING);
    }
    SandboxRecord record = record(id);
    fixture.provider.stop(id);
    assertThat(record.init().isAlive()).isFalse();
  }

  @Test
  void recordOfASandboxThatDiedIsCleanedUp() throws Exception {
    String id = fixture.startWithBroker("crashed");
    SandboxRecord record = record(id);
    ProcessHandle.of(record.init().pid()).orElseThrow().destroyForcibly();
    assertThat(SandboxFixture.await(() -> !record.init().isAlive())).isTrue();

    BubblewrapWorkspaceProvider restarted = fixture.newProvider();

    assertThat(restarted.list()).isEmpty();
    assertThat(workspaceDir(id).resolve(SandboxRecord.FILE)).doesNotExist();
    assertThat(record.cgroups()).allSatisfy(cgroup -> assertThat(cgroup).doesNotExist());
    // Its home is kept: it starts again.
    fixture.start(fixture.spec(id));
    assertThat(restarted.status(id).running()).isTrue();
  }

  @Test
  void recordWhosePidNowBelongsToAnotherProcessIsStale() throws Exception {
    String id = SandboxFixture.uniqueId("reused");
    Procs.ProcessId self = Procs.ProcessId.of(ProcessHandle.current().pid()).orElseThrow();
    // This JVM's pid with another start time: what a record looks like after the pid was reused.
    Procs.ProcessId reused = new Procs.ProcessId(self.pid(), self.startTicks() - 1, self.bootId());
    Procs.ProcessId otherBoot = new Procs.ProcessId(self.pid(), self.startTicks(), "another-boot");
    Files.createDirectories(workspaceDir(id));
    new SandboxRecord(
            reused, otherBoot, Instant.now(), List.of(), List.of(), List.of(), List.of(), null)
        .write(workspaceDir(id));

    assertThat(fixture.provider.list()).isEmpty();

    assertThat(workspaceDir(id).resolve(SandboxRecord.FILE)).doesNotExist();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void sandboxThatNoRecordAccountsForIsKilled() throws Exception {
    String id = fixture.startWithBroker("unaccounted");
    SandboxRecord record = record(id);
    Files.delete(workspaceDir(id).resolve(SandboxRecord.FILE));

    assertThat(fixture.newProvider().list()).isEmpty();

    assertThat(SandboxFixture.await(() -> !record.init().isAlive())).isTrue();
    assertThat(SandboxFixture.await(() -> !record.outer().isAlive())).isTrue();
    assertThat(record.cgroups()).allSatisfy(cgroup -> assertThat(cgroup).doesNotExist());
  }

  private Path workspaceDir(String id) {
    return fixture.stateDir.resolve("workspaces").resolve(id);
  }

  private SandboxRecord record(String id) {
    return SandboxRecord.read(workspaceDir(id)).orElseThrow();
  }
}
