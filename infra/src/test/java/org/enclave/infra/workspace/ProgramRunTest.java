package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** What a program run may ask for, checked without running anything. */
class ProgramRunTest {
  private static final Path GOLD = Path.of("/srv/objects/gold.tsv");
  private static final List<String> COMMAND = List.of("/usr/bin/python3", "/program/score.py");

  @Test
  void validRunIsNormalizedAndSorted() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("/program/score.py", Path.of("/srv/objects/score.py"));
    inputs.put("/input/./gold.tsv", GOLD);

    ProgramRun run = run("run-1", inputs, Duration.ofMinutes(1), 256, 1 << 20, 64);

    assertThat(run.inputs().keySet()).containsExactly("/input/gold.tsv", "/program/score.py");
    assertThat(run.environment()).isEmpty();
  }

  @Test
  void rejectsRelativeSandboxPaths() {
    assertRejected(Map.of("input/gold.tsv", GOLD))
        .hasMessageContaining("'input/gold.tsv' is relative")
        .hasMessageContaining("such as /input/gold.tsv");
  }

  @Test
  void rejectsTwoInputsAtOneSandboxPath() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("/input/gold.tsv", GOLD);
    inputs.put("/input//gold.tsv", Path.of("/srv/objects/other.tsv"));

    assertRejected(inputs).hasMessageContaining("two inputs name the sandbox path /input/gold.tsv");
  }

  @Test
  void rejectsPathsTheSandboxFillsItself() {
    for (String path :
        List.of(
            "/usr/lib/x.py",
            "/proc/self/x",
            "/etc/passwd",
            "/output/scores.json",
            "/tmp/x",
            "/dev/x",
            "/bin/x",
            "/input/../usr/x")) {
      assertRejected(Map.of(path, GOLD))
          .hasMessageContaining("which the sandbox fills itself")
          .hasMessageContaining("such as /input or /program");
    }
    assertRejected(Map.of("/", GOLD)).hasMessageContaining("is the root");
  }

  @Test
  void rejectsAnInputUnderAnotherInput() {
    assertRejected(Map.of("/input", GOLD, "/input/gold.tsv", GOLD))
        .hasMessageContaining("input /input/gold.tsv lies under input /input, which is a file");
  }

  @Test
  void rejectsRelativeHostFiles() {
    assertRejected(Map.of("/input/gold.tsv", Path.of("gold.tsv")))
        .hasMessageContaining("the host file of input /input/gold.tsv must be an absolute path");
  }

  @Test
  void rejectsLimitsThatCannotRunAnything() {
    Map<String, Path> inputs = Map.of("/input/gold.tsv", GOLD);
    assertInvalid(() -> run("r", inputs, Duration.ZERO, 256, 1024, 64))
        .hasMessageContaining("timeLimit must be positive and at most a day");
    assertInvalid(() -> run("r", inputs, Duration.ofSeconds(-1), 256, 1024, 64))
        .hasMessageContaining("timeLimit must be positive and at most a day");
    assertInvalid(() -> run("r", inputs, Duration.ofDays(2), 256, 1024, 64))
        .hasMessageContaining("timeLimit must be positive and at most a day");
    assertInvalid(() -> run("r", inputs, null, 256, 1024, 64))
        .hasMessageContaining("timeLimit must be positive and at most a day");
    assertInvalid(() -> run("r", inputs, Duration.ofSeconds(1), 0, 1024, 64))
        .hasMessageContaining("memoryMiB must be at least 16");
    assertInvalid(() -> run("r", inputs, Duration.ofSeconds(1), 256, 0, 64))
        .hasMessageContaining("outputBytes must be positive");
    assertInvalid(() -> run("r", inputs, Duration.ofSeconds(1), 256, 1024, 0))
        .hasMessageContaining("pids must be at least 8");
  }

  @Test
  void rejectsIdsThatAreNotPlainNames() {
    for (String id : List.of("", "../x", "a/b", "-x", "x".repeat(65))) {
      assertInvalid(() -> run(id, Map.of(), Duration.ofSeconds(1), 256, 1024, 64))
          .hasMessageContaining("is not a plain name");
    }
    assertInvalid(() -> run(null, Map.of(), Duration.ofSeconds(1), 256, 1024, 64))
        .hasMessageContaining("is not a plain name");
  }

  @Test
  void rejectsAnEmptyCommandAndBadEnvironmentNames() {
    assertInvalid(
            () ->
                new ProgramRun(
                    "r", List.of(), Map.of(), Map.of(), Duration.ofSeconds(1), 256, 1024, 64))
        .hasMessageContaining("command is empty");
    assertInvalid(
            () ->
                new ProgramRun(
                    "r", COMMAND, Map.of(), Map.of("A=B", "x"), Duration.ofSeconds(1), 256, 1, 64))
        .hasMessageContaining("invalid environment variable name");
  }

  private static ProgramRun run(
      String id,
      Map<String, Path> inputs,
      Duration timeLimit,
      long memoryMiB,
      long outputBytes,
      int pids) {
    return new ProgramRun(id, COMMAND, inputs, Map.of(), timeLimit, memoryMiB, outputBytes, pids);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      Map<String, Path> inputs) {
    return assertInvalid(() -> run("r", inputs, Duration.ofSeconds(1), 256, 1024, 64));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WorkspaceException.class,
            e -> assertThat(e.reason()).isEqualTo(WorkspaceException.Reason.INVALID_SPEC));
  }
}
