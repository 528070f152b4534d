package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's shell: {@code ./enclave shell <id>}. */
@Tag("sandbox")
class WorkspaceShellTest {
  @TempDir Path dir;
  SandboxFixture fixture;
  String id;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
    id = fixture.startWithBroker("shell");
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void shellIsALoginShellOfTheWorkspaceUserInsideTheWorkspace() throws Exception {
    ProcessBuilder shell = fixture.provider.shell(id, List.of());
    assertThat(shell.command().get(0)).endsWith("/script");
    assertThat(shell.command().get(4)).endsWith("'bash' '-l'");

    Process process = shell.redirectErrorStream(true).start();
    process
        .getOutputStream()
        .write(
            "echo \"$USER@$(hostname):$PWD\"; curl -s -m 30 127.0.0.1:9000/hello; exit 3\n"
                .getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(output).contains("researcher@workspace:/home/researcher", FakeBroker.GREETING);
  }

  @Test
  void shellRunsOnATerminalOfItsOwnNeverTheCallers() throws Exception {
    // The caller's stdin here is a pipe; inside, the shell sees a terminal: script's, not ours.
    Process process =
        fixture
            .provider
            .shell(id, List.of("sh", "-c", "test -t 0 && echo own-terminal"))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(output).contains("own-terminal");
  }

  @Test
  void shellMainListsRunningWorkspacesAndPassesTheExitCodeOn() throws Exception {
    String state = fixture.stateDir.toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int listed = WorkspaceShellMain.run(new String[] {"--state", state}, print(out), print(err));
    int ran =
        WorkspaceShellMain.run(
            new String[] {"--state", state, id, "sh", "-c", "exit 7"}, print(out), print(err));
    int unknown =
        WorkspaceShellMain.run(
            new String[] {"--state", state, "no-such-workspace"}, print(out), print(err));

    assertThat(listed).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(id + "\tstarted ");
    assertThat(ran).isEqualTo(7);
    assertThat(unknown).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-such-workspace is not running");
  }

  @Test
  void listingFromTheShellNeverKillsASandboxItHasNoRecordFor() throws Exception {
    // As while the control plane is between launching a sandbox and recording it.
    Path record = fixture.stateDir.resolve("workspaces").resolve(id).resolve(SandboxRecord.FILE);
    Path aside = dir.resolve("record-aside");
    java.nio.file.Files.move(record, aside);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int listed =
          WorkspaceShellMain.run(
              new String[] {"--state", fixture.stateDir.toString()}, print(out), print(out));
      assertThat(listed).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(id);
    } finally {
      java.nio.file.Files.move(aside, record);
    }
    assertThat(fixture.provider.status(id).running()).as("still running").isTrue();
    assertThat(fixture.provider.exec(id, ExecRequest.of("true")).exitCode()).isZero();
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
