package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
  @TempDir Path dir;

  @Test
  void closeStopsTheWholeProcessTree() throws Exception {
    ProcessBuilder shell =
        new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & echo started; wait");
    ChildProcess process =
        ChildProcess.start("sleepers", shell, dir.resolve("sleepers.log"), Duration.ofSeconds(5));
    List<ProcessHandle> tree = awaitTree(process, 3);

    process.close();

    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(process.isAlive()).isFalse();
  }

  @Test
  void closeLeavesWhatStartedASessionOfItsOwn() throws Exception {
    // As the control plane's workspaces do: they outlive it, and the next one re-attaches them.
    Path pidFile = dir.resolve("detached.pid");
    ProcessBuilder shell =
        new ProcessBuilder(
            "sh",
            "-c",
            "setsid sh -c 'echo $$ > \"$0\"; exec sleep 300' \"$0\" & sleep 300 & wait",
            pidFile.toString());
    ChildProcess process =
        ChildProcess.start("detaching", shell, dir.resolve("detaching.log"), Duration.ofSeconds(5));
    ProcessHandle detached = awaitPid(pidFile);
    try {
      List<ProcessHandle> tree = awaitTree(process, 3);

      process.close();

      assertThat(process.isAlive()).isFalse();
      assertThat(tree).filteredOn(h -> !h.equals(detached)).noneMatch(ProcessHandle::isAlive);
      assertThat(detached.isAlive()).isTrue();
    } finally {
      detached.destroyForcibly();
    }
  }

  private static ProcessHandle awaitPid(Path pidFile) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).orElseThrow();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the detached process did not write its pid");
  }

  @Test
  void forceKillsAProcessThatIgnoresTermination() throws Exception {
    ProcessBuilder stubborn =
        new ProcessBuilder("sh", "-c", "trap '' TERM; echo started; while :; do sleep 1; done");
    ChildProcess process =
        ChildProcess.start(
            "stubborn", stubborn, dir.resolve("stubborn.log"), Duration.ofMillis(500));
    awaitLog(process, "started");

    process.close();

    assertThat(process.handle().isAlive()).isFalse();
  }

  @Test
  void logTailShowsTheLastLinesOfThisRunOnly() throws Exception {
    Path log = dir.resolve("logs/app.log");
    ChildProcess first =
        ChildProcess.start(
            "first", new ProcessBuilder("sh", "-c", "echo old"), log, Duration.ofSeconds(1));
    first.waitFor();

    ChildProcess second =
        ChildProcess.start(
            "second",
            new ProcessBuilder(
                "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2"),
            log,
            Duration.ofSeconds(1));
    assertThat(second.waitFor()).isZero();

    assertThat(second.logTail(3))
        .isEqualTo(String.join(System.lineSeparator(), "line4", "line5", "oops"));
    assertThat(Files.readString(log.resolveSibling("app.log.1"))).isEqualTo("old\n");
  }

  private static List<ProcessHandle> awaitTree(ChildProcess process, int size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> tree = new ArrayList<>();
      tree.add(process.handle());
      process.handle().descendants().forEach(tree::add);
      if (tree.size() >= size) {
        return tree;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the process tree did not reach " + size + " processes");
  }

  private static void awaitLog(ChildProcess process, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (process.logTail(5).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' in the log");
  }
}
