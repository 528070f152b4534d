package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A control plane that runs as an ordinary user gets workspaces too: in an unprivileged user
 * namespace, with the control plane's uid and without cgroups it may not write. Run here by
 * starting a second JVM as an unprivileged uid, which needs root.
 */
@Tag("sandbox")
class UnprivilegedControlPlaneTest {
  /** Outside the workspace uid range and, one hopes, every real user's. */
  private static final long UID = 1_099_999;

  private Path dir;

  @AfterEach
  void tearDown() throws Exception {
    if (dir != null) {
      Trees.deleteRecursively(dir);
    }
  }

  @Test
  void unprivilegedControlPlaneStartsIsolatedWorkspaces() throws Exception {
    String script =
        "id -u; curl -sS -m 30 http://127.0.0.1:9000/hello; echo;"
            + " grep -E '^(CapEff|NoNewPrivs)' /proc/self/status;"
            + " timeout 10 bash -c 'exec 3<>/dev/tcp/1.1.1.1/80' 2>/dev/null && echo ESCAPED;"
            + " touch /usr/x 2>/dev/null && echo ESCAPED; echo done";

    Process process =
        startAsUnprivileged(
            UnprivilegedStandIn.class, SandboxFixture.uniqueId("unprivileged"), script);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("isolatesUids=false")
        .contains(UID + "\n" + FakeBroker.GREETING)
        .contains("CapEff:\t0000000000000000", "NoNewPrivs:\t1")
        .contains("limit OPEN_FILES RLIMIT")
        .contains("done\nexit=0", "after terminate: 0 running")
        .doesNotContain("ESCAPED");
  }

  @Test
  void unprivilegedControlPlaneRunsProgramsInAUserNamespace() throws Exception {
    Process process = startAsUnprivileged(UnprivilegedProgramStandIn.class);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("EXITED 0 uid " + UID + " caps 0000000000000000 nnp 1 gold 2 interfaces ['lo']")
        .contains("limit MEMORY RLIMIT", "limit OPEN_FILES RLIMIT", "limit FILE_SIZE RLIMIT")
        .contains("TIMED_OUT left 0")
        .contains("after close: 0 runs");
  }

  /**
   * Starts {@code main} in a JVM of its own as {@link #UID}, in a fresh directory that uid owns,
   * with that directory and {@code args} as arguments. Skips the test unless this JVM is root.
   */
  private Process startAsUnprivileged(Class<?> main, String... args) throws IOException {
    assumeTrue(Procs.selfIds()[0] == 0, "needs root to run a JVM as another user");
    dir =
        Files.createTempDirectory(
            "enclave-unprivileged-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Trees.chown(dir, UID, UID);
    String classpath =
        Arrays.stream(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(entry -> entry.endsWith("classes") || entry.endsWith("test-classes"))
            .reduce((a, b) -> a + File.pathSeparator + b)
            .orElseThrow();
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=" + UID,
                "--regid=" + UID,
                "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                main.getName(),
                dir.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
  }
}
